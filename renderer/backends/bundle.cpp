// Content bundles: download and hash (http_fetch), tar.gz in and out (libarchive), validation
// (the loader), and kept.json (config/atomic_file.h).
#include "backends/bundle.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "backends/http_fetch.h"
#include "config/atomic_file.h"
#include "config/digest.h"
#include "config/loader.h"

namespace marquee::backends {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Whether `path` (canonical) lies inside `root` (canonical), the root itself included.
bool inside(const fs::path& root, const fs::path& path) {
  const fs::path relative = path.lexically_relative(root);
  return !relative.empty() && *relative.begin() != "..";
}

// The entry's path inside the bundle, or why it may not be one.
std::variant<fs::path, std::string> entry_path(const char* written) {
  const std::string name = written ? written : "";
  if (name.empty()) return std::string("an entry has no name");
  const fs::path path(name);
  if (path.is_absolute()) return "'" + name + "' is an absolute path";
  for (const auto& part : path)
    if (part == "..") return "'" + name + "' climbs out of the bundle with '..'";
  return path.lexically_normal();
}

void fsync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string unpack_into(archive* a, const fs::path& folder, const BundleLimits& limits) {
  std::vector<std::pair<fs::path, std::string>> links;  // made after every file
  std::size_t entries = 0, bytes = 0;
  archive_entry* entry = nullptr;
  int rc = ARCHIVE_OK;
  while ((rc = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
    if (++entries > limits.max_entries)
      return "it has more than " + std::to_string(limits.max_entries) + " entries";
    auto where = entry_path(archive_entry_pathname(entry));
    if (auto* why = std::get_if<std::string>(&where)) return *why;
    const fs::path relative = std::get<fs::path>(where);
    const std::string shown = relative.generic_string();
    if (archive_entry_hardlink(entry)) return "'" + shown + "' is a hard link; pack files instead";
    const fs::path target = folder / relative;
    switch (archive_entry_filetype(entry)) {
      case AE_IFDIR: {
        std::error_code ec;
        fs::create_directories(target, ec);
        if (ec) return "cannot make the folder '" + shown + "': " + ec.message();
        break;
      }
      case AE_IFLNK: {
        const char* to = archive_entry_symlink(entry);
        if (!to || !*to) return "the link '" + shown + "' leads nowhere";
        if (fs::path(to).is_absolute())
          return "the link '" + shown + "' leads out of the bundle (to " + to + ")";
        links.emplace_back(relative, to);
        break;
      }
      case AE_IFREG: {
        if (relative == ".") return "a file entry has no name";
        std::string data;
        const la_int64_t size = archive_entry_size(entry);
        if (size > 0 && static_cast<std::size_t>(size) > limits.max_unpacked - bytes)
          return "it unpacks to more than " + std::to_string(limits.max_unpacked >> 20) + " MB";
        data.reserve(static_cast<std::size_t>(std::max<la_int64_t>(size, 0)));
        char buffer[64 * 1024];
        la_ssize_t n = 0;
        while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0) {
          bytes += static_cast<std::size_t>(n);
          if (bytes > limits.max_unpacked)
            return "it unpacks to more than " + std::to_string(limits.max_unpacked >> 20) + " MB";
          data.append(buffer, static_cast<std::size_t>(n));
        }
        if (n < 0) return "'" + shown + "' cannot be read: " + archive_error_string(a);
        if (!config::write_file_atomically(target, data)) return "cannot write '" + shown + "'";
        break;
      }
      default:
        return "'" + shown + "' is not a file, folder or link";
    }
  }
  if (rc != ARCHIVE_EOF) {
    const char* why = archive_error_string(a);
    return std::string("it is not a tar.gz bundle, or it is cut short (") +
           (why ? why : "unreadable") + ")";
  }
  for (const auto& [relative, to] : links) {
    std::error_code ec;
    fs::create_directories((folder / relative).parent_path(), ec);
    fs::create_symlink(to, folder / relative, ec);
    if (ec) return "cannot make the link '" + relative.generic_string() + "': " + ec.message();
  }
  // Where each link really leads, now that every link exists (a link through a link to
  // the bundle's own folder and then '..' can climb out where its text does not).
  const fs::path root = fs::canonical(folder);
  for (const auto& [relative, to] : links) {
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(folder / relative, ec);
    if (ec || !inside(root, real))
      return "the link '" + relative.generic_string() + "' leads out of the bundle (to " + to + ")";
  }
  return {};
}

// The first error of a load, with the bundle's folder taken off its file name.
std::string first_error(const config::ShowResult& result, const fs::path& folder) {
  const std::string prefix = folder.string() + "/";
  for (const auto& d : result.diagnostics) {
    if (d.severity != Diagnostic::Severity::error) continue;
    std::string line = format(d);
    if (line.starts_with(prefix)) line.erase(0, prefix.size());
    return line;
  }
  return "the playlist does not load";
}

std::optional<BundleStore::Kept> kept_from(const json& j) {
  if (!j.is_object() || !j.contains("sha256") || !j["sha256"].is_string()) return std::nullopt;
  BundleStore::Kept k;
  k.sha256 = j["sha256"].get<std::string>();
  k.revision = j.value("revision", "");
  k.activate_at = Instant{Millis{j.value("activate_at_ms", 0LL)}};
  return k;
}

json kept_json(const std::optional<BundleStore::Kept>& k) {
  if (!k) return nullptr;
  return {{"sha256", k->sha256},
          {"revision", k->revision},
          {"activate_at_ms", k->activate_at.time_since_epoch().count()}};
}

la_ssize_t append_to_string(archive*, void* out, const void* data, std::size_t size) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

}  // namespace

std::string unpack_bundle(const fs::path& archive_file, const fs::path& folder,
                          const BundleLimits& limits) {
  std::error_code ec;
  if (fs::exists(folder, ec)) return "the folder " + folder.string() + " exists already";
  fs::create_directories(folder, ec);
  if (ec) return "cannot make " + folder.string() + ": " + ec.message();
  archive* a = archive_read_new();
  archive_read_support_filter_gzip(a);
  archive_read_support_format_tar(a);
  std::string why;
  if (archive_read_open_filename(a, archive_file.c_str(), 64 * 1024) != ARCHIVE_OK) {
    const char* error = archive_error_string(a);
    why = std::string("it is not a tar.gz bundle (") + (error ? error : "unreadable") + ")";
  } else {
    why = unpack_into(a, folder, limits);
  }
  archive_read_free(a);
  if (!why.empty()) {
    fs::remove_all(folder, ec);
    return why;
  }
  fsync_folder(folder);
  return {};
}

std::string pack_bundle(const fs::path& folder, const fs::path& archive_file) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return folder.string() + " is not a folder";
  const fs::path root = fs::canonical(folder, ec);
  std::vector<fs::path> paths;
  for (auto it = fs::recursive_directory_iterator(folder, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    paths.push_back(it->path().lexically_relative(folder));
  if (ec) return "cannot read " + folder.string() + ": " + ec.message();
  std::sort(paths.begin(), paths.end());

  std::string bytes;
  archive* a = archive_write_new();
  archive_write_add_filter_gzip(a);
  archive_write_set_options(a, "gzip:!timestamp");  // no time in the gzip header either
  archive_write_set_format_pax_restricted(a);
  archive_write_open2(a, &bytes, nullptr, &append_to_string, nullptr, nullptr);
  std::string why;
  for (const fs::path& relative : paths) {
    const fs::path path = folder / relative;
    const auto status = fs::symlink_status(path, ec);
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, relative.generic_string().c_str());
    archive_entry_set_mtime(entry, 0, 0);
    archive_entry_set_uid(entry, 0);
    archive_entry_set_gid(entry, 0);
    std::string data;
    if (fs::is_symlink(status)) {
      const fs::path to = fs::read_symlink(path, ec);
      const fs::path real = fs::weakly_canonical(path, ec);
      if (ec || to.is_absolute() || !inside(root, real)) {
        why = "the link '" + relative.generic_string() + "' leads out of the bundle";
      } else {
        archive_entry_set_filetype(entry, AE_IFLNK);
        archive_entry_set_perm(entry, 0777);
        archive_entry_set_symlink(entry, to.c_str());
      }
    } else if (fs::is_directory(status)) {
      archive_entry_set_filetype(entry, AE_IFDIR);
      archive_entry_set_perm(entry, 0755);
    } else if (fs::is_regular_file(status)) {
      data = read_file(path);
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_perm(entry, 0644);
      archive_entry_set_size(entry, static_cast<la_int64_t>(data.size()));
    } else {
      why = "'" + relative.generic_string() + "' is not a file, folder or link";
    }
    if (why.empty() && (archive_write_header(a, entry) != ARCHIVE_OK ||
                        (!data.empty() && archive_write_data(a, data.data(), data.size()) !=
                                              static_cast<la_ssize_t>(data.size()))))
      why = std::string("cannot pack '") + relative.generic_string() +
            "': " + archive_error_string(a);
    archive_entry_free(entry);
    if (!why.empty()) break;
  }
  if (archive_write_close(a) != ARCHIVE_OK && why.empty())
    why = std::string("cannot pack: ") + archive_error_string(a);
  archive_write_free(a);
  if (!why.empty()) return why;
  if (!config::write_file_atomically(archive_file, bytes)) return "cannot write " + archive_file.string();
  return {};
}

BundleStore::BundleStore(fs::path dir, fs::path playlist, BundleLimits limits)
    : dir_(std::move(dir)), playlist_(std::move(playlist)), limits_(limits) {}

fs::path BundleStore::folder_of(const std::string& sha256) const {
  return dir_ / "bundles" / sha256;
}

std::variant<BundleShow, std::string> BundleStore::load(const std::string& sha256) const {
  const fs::path folder = folder_of(sha256);
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return "it is not on this screen (" + folder.string() + ")";
  auto result = config::load_show(folder / playlist_, folder);
  if (!result.ok()) return first_error(result, folder);
  for (const auto& d : result.diagnostics) spdlog::warn("{}", format(d));
  return BundleShow{std::make_shared<const Show>(std::move(*result.show)), folder};
}

std::variant<BundleShow, std::string> BundleStore::prepare(const std::string& url,
                                                          const std::string& sha256) {
  const fs::path folder = folder_of(sha256);
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    const fs::path part = dir_ / "downloads" / (sha256 + ".part");
    fs::create_directories(part.parent_path(), ec);
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    if (!out) return "cannot write " + part.string();
    config::Sha256 hash;
    const HttpAnswer answer = http_get({.url = url,
                                        .headers = {},
                                        .timeout = limits_.timeout,
                                        .max_bytes = limits_.max_download,
                                        .body = [&](std::string_view piece) {
                                          hash.add(piece);
                                          out.write(piece.data(),
                                                    static_cast<std::streamsize>(piece.size()));
                                          return static_cast<bool>(out);
                                        }});
    out.close();
    const auto fail = [&](std::string why) {
      fs::remove(part, ec);
      return why;
    };
    if (!answer.error.empty()) return fail("the download failed: " + answer.error);
    if (answer.status != 200)
      return fail("the download failed: HTTP " + std::to_string(answer.status) +
                  (answer.reason.empty() ? "" : " " + answer.reason));
    if (!out) return fail("cannot write " + part.string());
    const std::string got = hash.hex();
    if (got != sha256)
      return fail("its SHA-256 is " + got + ", not the announced " + sha256 +
                  "; the download is damaged or the announcement names another bundle");
    const fs::path unpacking = dir_ / "bundles" / (sha256 + ".partial");
    fs::remove_all(unpacking, ec);
    if (auto why = unpack_bundle(part, unpacking, limits_); !why.empty())
      return fail("refused: " + why);
    fs::remove(part, ec);
    fs::rename(unpacking, folder, ec);
    if (ec) return "cannot move the bundle into place: " + ec.message();
    fsync_folder(folder.parent_path());
  }
  auto loaded = load(sha256);
  if (std::holds_alternative<std::string>(loaded)) {
    // A bundle that fails validation is not kept, unless it is one of those kept.
    const KeptPair k = kept();
    if (!(k.on_air && k.on_air->sha256 == sha256) && !(k.next && k.next->sha256 == sha256))
      fs::remove_all(folder, ec);
  }
  return loaded;
}

bool BundleStore::keep(const KeptPair& k) {
  const json j = {{"on_air", kept_json(k.on_air)}, {"next", kept_json(k.next)}};
  if (!config::write_file_atomically(dir_ / "kept.json", j.dump(1))) return false;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir_ / "bundles", ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if ((k.on_air && name == k.on_air->sha256) || (k.next && name == k.next->sha256)) continue;
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
  }
  return true;
}

BundleStore::KeptPair BundleStore::kept() const {
  const auto text = config::read_intact(dir_ / "kept.json", [](std::string_view t) {
    return json::parse(t, nullptr, false).is_object() ? "" : "not JSON";
  });
  if (!text) return {};
  const json j = json::parse(*text);
  return {kept_from(j.value("on_air", json())), kept_from(j.value("next", json()))};
}

}  // namespace marquee::backends
