// "Did you mean" suggestions for misspelt keys, kinds and names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::config {

// The candidate closest to `word` (case-insensitive edit distance, a swap of two
// neighbouring letters counting as one edit), or nullopt when none is close enough
// to be a plausible typo. Ties go to the earlier candidate.
std::optional<std::string> suggest(std::string_view word,
                                   const std::vector<std::string>& candidates);

}  // namespace marquee::config
