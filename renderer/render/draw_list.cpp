// DrawList and ListCanvas: recording, hashing and replaying one frame's draw calls.
#include "render/draw_list.h"

#include <algorithm>
#include <bit>

namespace marquee::render {
namespace {

using Kind = DrawOp::Kind;

class Fnv {
 public:
  void add(const void* bytes, std::size_t count) {
    const auto* p = static_cast<const unsigned char*>(bytes);
    for (std::size_t i = 0; i < count; ++i) {
      value_ ^= p[i];
      value_ *= 1099511628211ull;  // FNV-1a prime
    }
  }
  void add(std::uint64_t v) { add(&v, sizeof v); }
  void add(double v) { add(std::bit_cast<std::uint64_t>(v)); }
  void add(std::string_view text) {
    add(static_cast<std::uint64_t>(text.size()));  // "ab"+"c" must differ from "a"+"bc"
    add(text.data(), text.size());
  }
  void add(const Rect& r) {
    add(r.x);
    add(r.y);
    add(r.w);
    add(r.h);
  }
  void add(Color c) {
    const unsigned char rgba[] = {c.r, c.g, c.b, c.a};
    add(rgba, sizeof rgba);
  }
  std::uint64_t value() const { return value_; }

 private:
  std::uint64_t value_ = 14695981039346656037ull;  // FNV-1a offset basis
};

}  // namespace

void DrawList::clear() {
  ops_.clear();
  fonts_.clear();
  next_change_ = Instant::max();
}

int DrawList::font_index(const FontSpec& font) {
  const auto it = std::find(fonts_.begin(), fonts_.end(), font);
  if (it != fonts_.end()) return static_cast<int>(it - fonts_.begin());
  fonts_.push_back(font);
  return static_cast<int>(fonts_.size()) - 1;
}

std::uint64_t DrawList::digest() const {
  return digest(0, ops_.size(), false);
}

std::uint64_t DrawList::digest(std::size_t from, std::size_t to, bool skip_live) const {
  Fnv fnv;
  for (std::size_t i = from; i < to; ++i) {
    const DrawOp& op = ops_[i];
    if (skip_live && op.kind == Kind::group &&
        static_cast<Canvas::Group>(op.value) == Canvas::Group::live) {
      i = closing(i);
      continue;
    }
    fnv.add(static_cast<std::uint64_t>(op.kind));
    switch (op.kind) {
      case Kind::fill:
      case Kind::circle:
        fnv.add(op.rect);
        fnv.add(op.color);
        break;
      case Kind::text: {
        const FontSpec& font = fonts_[static_cast<std::size_t>(op.font)];
        fnv.add(font.family);
        fnv.add(font.file);
        fnv.add(static_cast<std::uint64_t>(font.weight));
        fnv.add(op.value);
        fnv.add(op.text);
        fnv.add(op.rect.x);
        fnv.add(op.rect.y);
        fnv.add(op.color);
        break;
      }
      case Kind::video:
        fnv.add(op.frame);
        [[fallthrough]];
      case Kind::image:
      case Kind::image_circle:
        fnv.add(op.text);
        fnv.add(op.src);
        fnv.add(op.rect);
        fnv.add(op.value);
        break;
      case Kind::clip:
        fnv.add(op.rect);
        break;
      case Kind::alpha:
      case Kind::group:
        fnv.add(op.value);
        break;
      case Kind::begin_layer:
        fnv.add(static_cast<std::uint64_t>(op.layer));
        break;
      case Kind::layer:
        fnv.add(static_cast<std::uint64_t>(op.layer));
        fnv.add(op.rect);
        fnv.add(op.value);
        break;
      case Kind::unclip:
      case Kind::unalpha:
      case Kind::end_layer:
      case Kind::end_group:
        break;
    }
  }
  return fnv.value();
}

std::size_t DrawList::closing(std::size_t open) const {
  const Kind opens = ops_[open].kind;
  const Kind closes = opens == Kind::group ? Kind::end_group : Kind::end_layer;
  int depth = 0;
  for (std::size_t i = open; i < ops_.size(); ++i) {
    if (ops_[i].kind == opens) ++depth;
    if (ops_[i].kind == closes && --depth == 0) return i;
  }
  return ops_.size();  // a painter that threw cannot leave one open, but be safe
}

bool DrawList::has_live(std::size_t open) const {
  const std::size_t end = closing(open);
  for (std::size_t i = open + 1; i < end; ++i)
    if (ops_[i].kind == Kind::group &&
        static_cast<Canvas::Group>(ops_[i].value) == Canvas::Group::live)
      return true;
  return false;
}

void DrawList::play(Canvas& canvas, const DrawOp& op) const {
  switch (op.kind) {
    case Kind::fill:
      canvas.fill_rect(op.rect, op.color);
      break;
    case Kind::text:
      canvas.draw_text(fonts_[static_cast<std::size_t>(op.font)], op.value, op.text, op.rect.x,
                       op.rect.y, op.color);
      break;
    case Kind::image:
      canvas.draw_image(op.text, op.src, op.rect, op.value);
      break;
    case Kind::circle:
      canvas.fill_circle(op.rect, op.color);
      break;
    case Kind::image_circle:
      canvas.draw_image_circle(op.text, op.src, op.rect, op.value);
      break;
    case Kind::video:
      canvas.draw_video(op.text, op.src, op.rect, op.value);
      break;
    case Kind::clip:
      canvas.push_clip(op.rect);
      break;
    case Kind::unclip:
      canvas.pop_clip();
      break;
    case Kind::alpha:
      canvas.push_alpha(op.value);
      break;
    case Kind::unalpha:
      canvas.pop_alpha();
      break;
    case Kind::begin_layer:
      canvas.begin_layer(op.layer);
      break;
    case Kind::end_layer:
      canvas.end_layer();
      break;
    case Kind::layer:
      canvas.draw_layer(op.layer, op.rect, op.value);
      break;
    case Kind::group:
      canvas.begin_group(static_cast<Canvas::Group>(op.value));
      break;
    case Kind::end_group:
      canvas.end_group();
      break;
  }
}

std::uint64_t DrawList::keep(Canvas& canvas, std::size_t open) const {
  const std::size_t end = closing(open);
  const std::uint64_t key = digest(open + 1, end, true);
  if (!canvas.has_picture(key)) {
    canvas.begin_picture(key);
    for (std::size_t i = open + 1; i < end; ++i) {
      if (ops_[i].kind == Kind::group &&
          static_cast<Canvas::Group>(ops_[i].value) == Canvas::Group::live) {
        i = closing(i);
        continue;
      }
      play(canvas, ops_[i]);
    }
    canvas.end_picture();
  }
  return key;
}

void DrawList::replay_range(Canvas& canvas, std::size_t from, std::size_t to, bool kept) const {
  for (std::size_t i = from; i < to; ++i) {
    const DrawOp& op = ops_[i];
    if (kept && op.kind == Kind::begin_layer) {
      // A layer that holds one picture and nothing else is that picture.
      const std::size_t end = closing(i);
      if (i + 1 < end && ops_[i + 1].kind == Kind::group &&
          static_cast<Canvas::Group>(ops_[i + 1].value) == Canvas::Group::picture &&
          closing(i + 1) + 1 == end && !has_live(i + 1)) {
        canvas.layer_from_picture(op.layer, keep(canvas, i + 1));
        i = end;
        continue;
      }
    }
    if (kept && op.kind == Kind::group &&
        static_cast<Canvas::Group>(op.value) == Canvas::Group::picture) {
      const std::size_t end = closing(i);
      // A film that fills the screen leaves its picture empty: nothing to keep or draw.
      const bool empty = i + 1 < end && ops_[i + 1].kind == Kind::group &&
                         closing(i + 1) + 1 == end &&
                         static_cast<Canvas::Group>(ops_[i + 1].value) == Canvas::Group::live;
      if (!empty) canvas.draw_picture(keep(canvas, i), {0, 0, canvas.size().w, canvas.size().h}, 1);
      // Then what changes every frame, over it.
      for (std::size_t j = i + 1; j < end; ++j)
        if (ops_[j].kind == Kind::group &&
            static_cast<Canvas::Group>(ops_[j].value) == Canvas::Group::live) {
          const std::size_t live_end = closing(j);
          replay_range(canvas, j + 1, live_end, false);
          j = live_end;
        }
      i = end;
      continue;
    }
    play(canvas, op);
  }
}

void DrawList::replay(Canvas& canvas) const {
  if (next_change_ != Instant::max()) canvas.changes_at(next_change_);
  replay_range(canvas, 0, ops_.size(), canvas.keeps_pictures());
}

void DrawList::prepare(Canvas& canvas) const {
  if (!canvas.keeps_pictures()) return;
  for (std::size_t i = 0; i < ops_.size(); ++i)
    if (ops_[i].kind == Kind::group &&
        static_cast<Canvas::Group>(ops_[i].value) == Canvas::Group::picture) {
      keep(canvas, i);
      i = closing(i);
    }
}

std::vector<DrawList::Piece> DrawList::pieces(Size screen) const {
  const Rect whole{0, 0, screen.w, screen.h};
  const auto intersect = [](const Rect& a, const Rect& b) {
    const double x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
    const double x1 = std::min(a.x + a.w, b.x + b.w), y1 = std::min(a.y + a.h, b.y + b.h);
    return Rect{x0, y0, std::max(0.0, x1 - x0), std::max(0.0, y1 - y0)};
  };
  struct State {
    Rect clip;
    double alpha = 1;
  };
  std::vector<State> states{{whole, 1}};
  std::vector<Piece> out;
  const auto add = [&](std::uint64_t key, Rect bounds) {
    Fnv fnv;
    fnv.add(key);
    fnv.add(states.back().clip);
    fnv.add(states.back().alpha);
    bounds = intersect(bounds, states.back().clip);
    if (bounds.w > 0 && bounds.h > 0) out.push_back({fnv.value(), bounds});
  };
  for (std::size_t i = 0; i < ops_.size(); ++i) {
    const DrawOp& op = ops_[i];
    switch (op.kind) {
      case Kind::clip:
        states.push_back({intersect(states.back().clip, op.rect), states.back().alpha});
        break;
      case Kind::alpha:
        states.push_back({states.back().clip, states.back().alpha * op.value});
        break;
      case Kind::unclip:
      case Kind::unalpha:
        if (states.size() > 1) states.pop_back();
        break;
      case Kind::begin_layer: {
        // A transition moves or blends whole pictures: one piece, the whole screen.
        const std::size_t end = closing(i);
        add(digest(i, end + 1, false), whole);
        i = end;
        break;
      }
      case Kind::group: {
        const std::size_t end = closing(i);
        if (static_cast<Canvas::Group>(op.value) == Canvas::Group::picture) {
          add(digest(i + 1, end, true), whole);
          // Its live groups are pieces of their own, over it.
          for (std::size_t j = i + 1; j < end; ++j) {
            if (ops_[j].kind != Kind::group ||
                static_cast<Canvas::Group>(ops_[j].value) != Canvas::Group::live)
              continue;
            const std::size_t live_end = closing(j);
            for (const Piece& piece : DrawList::slice(*this, j + 1, live_end).pieces(screen))
              add(piece.key, piece.bounds);
            j = live_end;
          }
          i = end;
        }
        break;
      }
      case Kind::text: {
        // Glyphs reach past their line box (accents, descenders, italics): a margin.
        const double m = op.value * 0.3;
        add(digest(i, i + 1, false),
            {op.rect.x - m, op.rect.y - m, op.rect.w + 2 * m, op.rect.h + 2 * m});
        break;
      }
      case Kind::fill:
      case Kind::image:
      case Kind::video:
      case Kind::layer:
      case Kind::circle:
      case Kind::image_circle:
        add(digest(i, i + 1, false), op.rect);
        break;
      case Kind::end_layer:
      case Kind::end_group:
        break;
    }
  }
  return out;
}

DrawList DrawList::slice(const DrawList& list, std::size_t from, std::size_t to) {
  DrawList out;
  out.fonts_ = list.fonts_;
  out.ops_.assign(list.ops_.begin() + static_cast<std::ptrdiff_t>(from),
                  list.ops_.begin() + static_cast<std::ptrdiff_t>(to));
  return out;
}

std::vector<Rect> changed_regions(const DrawList& before, const DrawList& after, Size screen) {
  auto a = before.pieces(screen), b = after.pieces(screen);
  const auto by_key = [](const DrawList::Piece& x, const DrawList::Piece& y) {
    return x.key < y.key;
  };
  std::sort(a.begin(), a.end(), by_key);
  std::sort(b.begin(), b.end(), by_key);
  // What one list draws and the other does not, as a multiset difference by key.
  std::vector<Rect> dirty;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].key < b[j].key)) {
      dirty.push_back(a[i++].bounds);
    } else if (i == a.size() || b[j].key < a[i].key) {
      dirty.push_back(b[j++].bounds);
    } else {
      ++i;
      ++j;
    }
  }
  if (dirty.empty()) return {};
  const auto unite = [](const Rect& x, const Rect& y) {
    const double x0 = std::min(x.x, y.x), y0 = std::min(x.y, y.y);
    return Rect{x0, y0, std::max(x.x + x.w, y.x + y.w) - x0, std::max(x.y + x.h, y.y + y.h) - y0};
  };
  const auto area = [](const Rect& r) { return r.w * r.h; };
  const auto touch = [](const Rect& x, const Rect& y) {
    return x.x <= y.x + y.w && y.x <= x.x + x.w && x.y <= y.y + y.h && y.y <= x.y + x.h;
  };
  // Rectangles that touch become one; then, while there are too many, the two whose union
  // covers least that neither did.
  for (bool merged = true; merged;) {
    merged = false;
    for (std::size_t x = 0; x < dirty.size() && !merged; ++x)
      for (std::size_t y = x + 1; y < dirty.size() && !merged; ++y)
        if (touch(dirty[x], dirty[y])) {
          dirty[x] = unite(dirty[x], dirty[y]);
          dirty.erase(dirty.begin() + static_cast<std::ptrdiff_t>(y));
          merged = true;
        }
    if (merged || dirty.size() <= kMaxRegions) continue;
    double best = -1;
    std::size_t bx = 0, by = 1;
    for (std::size_t p = 0; p < dirty.size(); ++p)
      for (std::size_t q = p + 1; q < dirty.size(); ++q) {
        const double waste = area(unite(dirty[p], dirty[q])) - area(dirty[p]) - area(dirty[q]);
        if (best < 0 || waste < best) {
          best = waste;
          bx = p;
          by = q;
        }
      }
    dirty[bx] = unite(dirty[bx], dirty[by]);
    dirty.erase(dirty.begin() + static_cast<std::ptrdiff_t>(by));
    merged = true;
  }
  double total = 0;
  for (const Rect& r : dirty) total += area(r);
  if (total > 0.6 * screen.w * screen.h) return {{0, 0, screen.w, screen.h}};
  return dirty;
}

void DrawList::append(const DrawList& other) {
  changes_at(other.next_change_);
  ops_.reserve(ops_.size() + other.ops_.size());
  for (DrawOp op : other.ops_) {
    if (op.kind == Kind::text)
      op.font = font_index(other.fonts_[static_cast<std::size_t>(op.font)]);
    ops_.push_back(std::move(op));
  }
}

std::vector<std::string> ListCanvas::texts() const {
  std::vector<std::string> out;
  for (const auto& op : list_.ops())
    if (op.kind == Kind::text) out.push_back(op.text);
  return out;
}

Size ListCanvas::size() const {
  return measure_ ? measure_->size() : size_;
}

double ListCanvas::physical_scale() const {
  return measure_ ? measure_->physical_scale() : 1.0;
}

void ListCanvas::fill_rect(const Rect& rect, Color color) {
  list_.add({.kind = Kind::fill, .rect = rect, .color = color});
}

TextMetrics ListCanvas::measure_text(const FontSpec& font, double px, std::string_view utf8) {
  if (measure_) return measure_->measure_text(font, px, utf8);
  double code_points = 0;
  for (char c : utf8)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++code_points;
  return {code_points * px * 0.5, px * 1.25, px};
}

void ListCanvas::draw_text(const FontSpec& font, double px, std::string_view utf8, double x,
                           double y, Color color) {
  const TextMetrics m = measure_text(font, px, utf8);
  list_.add({.kind = Kind::text,
             .rect = {x, y, m.width, m.line_height},
             .color = color,
             .text = std::string(utf8),
             .value = px,
             .font = list_.font_index(font)});
}

std::optional<Size> ListCanvas::image_size(const std::filesystem::path& file) {
  if (measure_) return measure_->image_size(file);
  const auto it = images_.find(file.string());
  if (it == images_.end()) return std::nullopt;
  return it->second;
}

void ListCanvas::draw_image(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                            double alpha) {
  list_.add({.kind = Kind::image, .rect = dst, .src = src, .text = file.string(), .value = alpha});
}

void ListCanvas::fill_circle(const Rect& box, Color color) {
  list_.add({.kind = Kind::circle, .rect = box, .color = color});
}

void ListCanvas::draw_image_circle(const std::filesystem::path& file, const Rect& src,
                                   const Rect& dst, double alpha) {
  list_.add(
      {.kind = Kind::image_circle, .rect = dst, .src = src, .text = file.string(), .value = alpha});
}

std::optional<VideoPicture> ListCanvas::video(const std::filesystem::path& file) const {
  if (measure_) return measure_->video(file);
  const auto it = videos_.find(file.string());
  if (it == videos_.end()) return std::nullopt;
  return it->second;
}

void ListCanvas::draw_video(const std::filesystem::path& file, const Rect& src, const Rect& dst,
                            double alpha) {
  const auto picture = video(file);
  list_.add({.kind = Kind::video,
             .rect = dst,
             .src = src,
             .text = file.string(),
             .value = alpha,
             .frame = picture ? picture->frame : 0});
}

void ListCanvas::push_clip(const Rect& rect) {
  list_.add({.kind = Kind::clip, .rect = rect});
}

void ListCanvas::pop_clip() {
  list_.add({.kind = Kind::unclip});
}

void ListCanvas::push_alpha(double alpha) {
  list_.add({.kind = Kind::alpha, .value = alpha});
}

void ListCanvas::pop_alpha() {
  list_.add({.kind = Kind::unalpha});
}

void ListCanvas::begin_layer(int layer) {
  list_.add({.kind = Kind::begin_layer, .layer = layer});
}

void ListCanvas::end_layer() {
  list_.add({.kind = Kind::end_layer});
}

void ListCanvas::begin_group(Group group) {
  list_.add({.kind = Kind::group, .value = static_cast<double>(group)});
}

void ListCanvas::end_group() {
  list_.add({.kind = Kind::end_group});
}

void ListCanvas::draw_layer(int layer, const Rect& dst, double alpha) {
  list_.add({.kind = Kind::layer, .rect = dst, .value = alpha, .layer = layer});
}

}  // namespace marquee::render
