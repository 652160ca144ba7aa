// SHA-256 digests in hex: a show's revision and the play journal's hash chain.
#pragma once

#include <string>
#include <string_view>

#include "config/loader.h"

namespace marquee::config {

// The SHA-256 of `bytes`, as 64 lowercase hex digits (OpenSSL's libcrypto).
std::string sha256_hex(std::string_view bytes);

// The same, of bytes that come piece by piece (a download).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void add(std::string_view bytes);
  std::string hex();  // once, after the last add

 private:
  void* context_;  // EVP_MD_CTX
};

// A show's revision: the SHA-256 of its text files, each named by its path relative to the
// playlist's folder, so the same texts give the same revision on any machine. 16 hex digits.
std::string revision_of(const std::filesystem::path& playlist, const SourceTexts& sources);

}  // namespace marquee::config
