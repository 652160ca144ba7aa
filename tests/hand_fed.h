// HandFed: a ShowFeed whose shows are handed over by hand, as the soak's edits and a file
// watcher would; for tests and helpers that drive a Player without files.
#pragma once

#include <memory>
#include <utility>

#include "backends/live_show.h"
#include "core/show.h"

namespace marquee::testing {

class HandFed final : public backends::ShowFeed {
 public:
  explicit HandFed(Show show) { swap_in(std::move(show)); }
  std::shared_ptr<const Show> current() const override { return show_; }
  bool edit_rejected() const override { return false; }
  void swap_in(Show show) { show_ = std::make_shared<const Show>(std::move(show)); }

 private:
  std::shared_ptr<const Show> show_;
};

}  // namespace marquee::testing
