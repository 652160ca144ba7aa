// Content bundles for a fleet of screens: a tar.gz fetched over HTTP(S), checked against its
// SHA-256, unpacked into a folder of its own with nothing escaping it, and validated as a hot
// reload validates; the bundles on air and next kept on disk across restarts. Also packs one.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "core/show.h"

namespace marquee::backends {

struct BundleLimits {
  std::size_t max_download = std::size_t{512} << 20;  // bytes of the archive
  std::size_t max_unpacked = std::size_t{2} << 30;    // bytes of all its files
  std::size_t max_entries = 20'000;                   // files, folders and links
  std::chrono::milliseconds timeout{10'000};          // to connect, and between bytes
};

// Unpacks the tar (gzip or not) `archive` into `folder`, which must not exist yet. Refused,
// with the entry named: absolute paths and paths with '..', links that lead out of the
// folder, hard links, devices and pipes, and more than the limits allow. Files are written
// whole (config/atomic_file.h); links are made after every file, and checked where they
// really lead. On failure the folder is removed. Returns "" or the reason.
std::string unpack_bundle(const std::filesystem::path& archive,
                          const std::filesystem::path& folder, const BundleLimits& limits = {});

// Packs `folder` into a tar.gz at `archive` (written whole): names sorted, times, owners and
// modes fixed, so the same files always make the same bytes and the same SHA-256. Returns ""
// or the reason.
std::string pack_bundle(const std::filesystem::path& folder, const std::filesystem::path& archive);

// A bundle's show, validated.
struct BundleShow {
  std::shared_ptr<const Show> show;
  std::filesystem::path folder;
};

class BundleStore {
 public:
  // `dir` holds bundles/<sha256>/, downloads/ and kept.json; `playlist` is the screen's
  // playlist inside a bundle (FleetConfig::bundle_playlist).
  BundleStore(std::filesystem::path dir, std::filesystem::path playlist, BundleLimits limits = {});

  // Fetches the bundle (unless it is unpacked here already), checks it against `sha256`,
  // unpacks it and loads the screen's playlist from it with the bundle as content root,
  // as a hot reload loads a save. The show, or one line on why not (a diagnostic names
  // its file relative to the bundle: playlists/expo-hall.yaml:3:5: error: …). What failed
  // is removed; the bundles kept stay as they are.
  std::variant<BundleShow, std::string> prepare(const std::string& url, const std::string& sha256);
  // Loads a bundle unpacked here before (at a start): the show, or why not.
  std::variant<BundleShow, std::string> load(const std::string& sha256) const;

  // The bundle on air and the one announced next, kept across restarts.
  struct Kept {
    std::string sha256, revision;
    Instant activate_at{};
    friend bool operator==(const Kept&, const Kept&) = default;
  };
  struct KeptPair {
    std::optional<Kept> on_air, next;
  };
  // Writes kept.json whole, then removes every other bundle folder.
  bool keep(const KeptPair& kept);
  KeptPair kept() const;

  std::filesystem::path folder_of(const std::string& sha256) const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_, playlist_;
  BundleLimits limits_;
};

}  // namespace marquee::backends
