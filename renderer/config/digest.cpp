// SHA-256 through OpenSSL's EVP interface.
#include "config/digest.h"

#include <openssl/evp.h>

#include <array>
#include <memory>

namespace marquee::config {

namespace {

std::string hex_of(const unsigned char* digest, unsigned int size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return hex_of(digest.data(), size);
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(context_), EVP_sha256(), nullptr);
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context_));
}

void Sha256::add(std::string_view bytes) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context_), bytes.data(), bytes.size());
}

std::string Sha256::hex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(context_), digest.data(), &size);
  return hex_of(digest.data(), size);
}

std::string revision_of(const std::filesystem::path& playlist, const SourceTexts& sources) {
  const auto folder = std::filesystem::absolute(playlist).lexically_normal().parent_path();
  // Each file as its relative name, a NUL, its length and its text: no two different sets
  // of files read the same.
  std::string all;
  for (const auto& [path, text] : sources) {
    all += path.lexically_relative(folder).generic_string();
    all += '\0';
    all += std::to_string(text.size());
    all += '\0';
    all += text;
  }
  return sha256_hex(all).substr(0, 16);
}

}  // namespace marquee::config
