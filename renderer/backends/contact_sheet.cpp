// Contact sheets: a captioned thumbnail of every slide, on the theme's colours, for sign-off.
#include <algorithm>
#include <cmath>

#include "backends/offscreen.h"
#include "core/duration.h"
#include "core/timeline.h"
#include "render/geometry.h"
#include "render/paint.h"
#include "render/painters.h"
#include "render/text_layout.h"

namespace marquee::backends {
namespace {

using render::Canvas;
using render::draw_text_layout;
using render::fit_text;
using render::Size;
using render::TextLayout;
using render::TextStyle;

// The sheet is laid out on a 1920-unit-wide page and scaled as a whole, so a 4K
// sheet is the same picture with sharper pixels.
constexpr double kPageWidth = 1920;
constexpr double kMargin = 56;
constexpr double kGap = 32;
constexpr double kHeaderGap = 40;
constexpr double kMinCardWidth = 320;  // below this captions and thumbnails stop being legible
constexpr double kThumbAspect = 16.0 / 9.0;
constexpr double kCardPad = 12;  // around the caption
constexpr double kCardEdge = 6;  // around the thumbnail
constexpr double kRuleWidth = 120, kRuleHeight = 6;
constexpr double kSettled = 0.6;  // how far into its duration a slide is shown

struct Grid {
  int columns = 1, rows = 0;
  double card_w = 0, card_h = 0;  // a card: the thumbnail framed by its edge, caption below
  double thumb_w = 0, thumb_h = 0;
  double width = 0, height = 0;
};

Grid make_grid(int slides, int columns, double card_w, double caption_h) {
  Grid g;
  g.columns = columns;
  g.rows = (slides + columns - 1) / columns;
  g.card_w = card_w;
  g.thumb_w = std::max(1.0, card_w - 2 * kCardEdge);
  g.thumb_h = g.thumb_w / kThumbAspect;
  g.card_h = kCardEdge + g.thumb_h + caption_h;
  g.width = columns * card_w + (columns - 1) * kGap;
  g.height = g.rows * g.card_h + std::max(0, g.rows - 1) * kGap;
  return g;
}

// The column count that gives the biggest cards inside the room; if even those are
// too small to read, as many columns as stay legible, and the sheet grows.
Grid plan_grid(int slides, Size room, double caption_h) {
  Grid best = make_grid(slides, 1, 0, caption_h);
  for (int columns = 1; columns <= slides; ++columns) {
    const int rows = (slides + columns - 1) / columns;
    const double by_width = (room.w - (columns - 1) * kGap) / columns;
    const double thumb_h = (room.h - (rows - 1) * kGap) / rows - kCardEdge - caption_h;
    const double by_height = thumb_h * kThumbAspect + 2 * kCardEdge;
    const Grid candidate = make_grid(slides, columns, std::min(by_width, by_height), caption_h);
    // Between (nearly) equal card sizes, a full last row looks tidier than a ragged one.
    const auto empty_cells = [&](const Grid& g) { return g.rows * g.columns - slides; };
    if (candidate.card_w > best.card_w * 1.01 ||
        (candidate.card_w > best.card_w * 0.99 && empty_cells(candidate) < empty_cells(best))) {
      best = candidate;
    }
  }
  if (best.card_w >= kMinCardWidth || slides == 0) return best;
  const int columns =
      std::max(1, static_cast<int>(std::floor((room.w + kGap) / (kMinCardWidth + kGap))));
  return make_grid(slides, columns, (room.w - (columns - 1) * kGap) / columns, caption_h);
}

struct Styles {
  TextStyle name, meta, id, detail;
};

Styles make_styles(const Theme& theme) {
  FontSpec id_font = theme.body_font;
  id_font.weight = 600;
  return {
      .name = {.font = theme.headline_font,
               .size = 56,
               .min_size = 36,
               .color = theme.text,
               .max_lines = 1},
      .meta = {.font = theme.body_font, .size = 28, .color = theme.muted, .max_lines = 1},
      .id = {.font = id_font, .size = 26, .color = theme.text, .max_lines = 1},
      .detail = {.font = theme.body_font, .size = 26, .color = theme.muted, .max_lines = 1},
  };
}

struct Page {
  double x = 0, y = 0, width = 0;  // the content block: header above the grid
  double header_h = 0;
  double caption_h = 0;
  Grid grid;
  double height = 0;  // of the whole page
};

Page plan_page(Canvas& canvas, const Styles& styles, int slides, double page_height) {
  Page page;
  const double name_h = canvas.measure_text(styles.name.font, styles.name.size, "").line_height;
  const double meta_h = canvas.measure_text(styles.meta.font, styles.meta.size, "").line_height;
  const double caption_line = canvas.measure_text(styles.id.font, styles.id.size, "").line_height;
  page.header_h = kRuleHeight + 20 + name_h + 6 + meta_h;
  page.caption_h = caption_line + 2 * kCardPad;
  const Size room{kPageWidth - 2 * kMargin, page_height - 2 * kMargin - page.header_h - kHeaderGap};
  page.grid = plan_grid(slides, room, page.caption_h);
  page.width = std::max(page.grid.width, std::min(room.w, kMinCardWidth * 2));
  const double content_h = page.header_h + kHeaderGap + page.grid.height;
  page.x = (kPageWidth - page.width) / 2;
  page.y = std::max(kMargin, (page_height - content_h) / 2);
  page.height = std::max(page_height, page.y + content_h + kMargin);
  return page;
}

void paint_header(Canvas& canvas, const Show& show, const SheetPage& words, const Styles& styles,
                  const Page& page) {
  const Theme& theme = show.theme;
  double logo_w = 0;
  if (!theme.logo.empty()) {
    if (const auto size = canvas.image_size(theme.logo)) {
      Rect logo = render::fit_contain(*size, {0, page.y, 280, page.header_h});
      logo.x = page.x + page.width - logo.w;
      canvas.draw_image(theme.logo, render::full_rect(*size), logo);
      logo_w = logo.w + kGap;
    }
  }
  canvas.fill_rect({page.x, page.y, kRuleWidth, kRuleHeight}, theme.accent);
  double y = page.y + kRuleHeight + 20;
  const double text_w = page.width - logo_w;
  const TextLayout name = fit_text(canvas, styles.name, words.title, {text_w, page.header_h});
  draw_text_layout(canvas, styles.name, name, page.x, y);
  y += name.extent.h + 6;
  draw_text_layout(canvas, styles.meta,
                   fit_text(canvas, styles.meta, words.meta, {text_w, page.header_h}), page.x, y);
}

std::string caption_detail(const Slide& slide) {
  return std::string("\xC2\xB7 ") + kind_name(slide.content) + " \xC2\xB7 " +
         format_duration(slide.duration);
}

// "id · kind · duration", the id bright and the rest muted; a long id gives way first.
void paint_caption(Canvas& canvas, const Styles& styles, const SheetCard& card, const Rect& box) {
  const double space = canvas.measure_text(styles.detail.font, styles.detail.size, " ").width;
  const TextLayout rest = fit_text(canvas, styles.detail, card.detail, {box.w, box.h});
  const TextLayout id = fit_text(canvas, styles.id, card.label,
                                 {std::max(0.0, box.w - rest.extent.w - space), box.h});
  draw_text_layout(canvas, styles.id, id, box.x, box.y);
  draw_text_layout(canvas, styles.detail, rest, box.x + id.extent.w + space, box.y);
}

// One caption size for the whole sheet: the largest, down to a floor, at which every
// caption fits its card, so labels are whole and the cards still line up.
double caption_size(Canvas& canvas, const Styles& styles, const std::vector<SheetCard>& cards,
                    double width) {
  constexpr double kFloor = 18;
  auto fits = [&](double size) {
    for (const SheetCard& card : cards) {
      const double w = canvas.measure_text(styles.id.font, size, card.label).width +
                       canvas.measure_text(styles.detail.font, size, " " + card.detail).width;
      if (w > width) return false;
    }
    return true;
  };
  double size = styles.id.size;
  while (size > kFloor && !fits(size)) size -= 1;
  return size;
}

// The venue time a thumbnail shows: a moment when the slide has something to say (its
// kind's preview moment: countdowns count down, agendas list what is next), whatever day
// the sheet is made; else when its window opens.
LocalTime preview_moment(const Slide& slide) {
  if (const auto at = preview_at(slide.content)) return *at;
  if (slide.window.from) return *slide.window.from;
  return LocalTime{};
}

// A slide in its settled state at its preview moment, as resolve() would give it.
Frame preview_frame(const Show& show, int index) {
  const Slide& slide = show.slides[index];
  Frame frame;
  frame.slide = index;
  frame.local = preview_moment(slide);
  // The instant too: kinds that read a schedule ask it about instants, not the
  // playlist's wall clock.
  const date::time_zone* zone = show.zone ? show.zone : date::locate_zone("UTC");
  frame.now = date::floor<Millis>(zone->to_sys(frame.local, date::choose::earliest));
  frame.incoming = {Millis(static_cast<Millis::rep>(slide.duration.count() * kSettled)),
                    slide.duration, frame.local, frame.now};
  return frame;
}

bool paint_thumbnail(SdlCanvas& sheet, const Show& show, const Frame& frame, const Rect& where,
                     std::string* error) {
  const SDL_Rect target = sheet.to_physical(where);
  OffscreenCanvas thumbnail(target.w, target.h);
  if (!thumbnail.ok()) {
    if (error) *error = thumbnail.error();
    return false;
  }
  paint_moment(thumbnail, show, frame);
  TexturePtr texture(SDL_CreateTextureFromSurface(sheet.renderer(), thumbnail.surface()));
  if (!texture) {
    if (error) *error = std::string("cannot copy a thumbnail: ") + SDL_GetError();
    return false;
  }
  SDL_RenderCopy(sheet.renderer(), texture.get(), nullptr, &target);
  return true;
}

}  // namespace

bool render_sheet(const Show& show, const SheetPage& words, int width, int height,
                  const std::filesystem::path& out, std::string* error) {
  const double scale = width / kPageWidth;
  auto sheet = std::make_unique<OffscreenCanvas>(width, height);
  if (!sheet->ok()) {
    if (error) *error = sheet->error();
    return false;
  }
  sheet->canvas().set_scale(scale);
  Styles styles = make_styles(show.theme);
  const int slides = static_cast<int>(words.cards.size());
  Page page = plan_page(sheet->canvas(), styles, slides, height / scale);
  const double size =
      caption_size(sheet->canvas(), styles, words.cards, page.grid.card_w - 2 * kCardPad);
  if (size < styles.id.size) {
    styles.id.size = styles.detail.size = size;
    page = plan_page(sheet->canvas(), styles, slides, height / scale);
  }
  const int needed = static_cast<int>(std::ceil(page.height * scale - 0.01));
  if (needed > height) {
    sheet = std::make_unique<OffscreenCanvas>(width, needed);
    if (!sheet->ok()) {
      if (error) *error = sheet->error();
      return false;
    }
    sheet->canvas().set_scale(scale);
  }

  SdlCanvas& canvas = sheet->canvas();
  canvas.begin_frame();
  render::paint_background(canvas, show.theme);
  paint_header(canvas, show, words, styles, page);

  const Grid& grid = page.grid;
  const double grid_x = page.x + (page.width - grid.width) / 2;
  const double grid_y = page.y + page.header_h + kHeaderGap;
  for (int i = 0; i < slides; ++i) {
    const int row = i / grid.columns, column = i % grid.columns;
    const Rect card{grid_x + column * (grid.card_w + kGap), grid_y + row * (grid.card_h + kGap),
                    grid.card_w, grid.card_h};
    // The card's edge frames the thumbnail, which may share the sheet's background.
    const Rect thumb{card.x + kCardEdge, card.y + kCardEdge, grid.thumb_w, grid.thumb_h};
    canvas.fill_rect(card, show.theme.panel);
    if (!paint_thumbnail(canvas, show, words.cards[i].frame, thumb, error)) return false;
    paint_caption(canvas, styles, words.cards[i],
                  {card.x + kCardPad, thumb.y + thumb.h + kCardPad, card.w - 2 * kCardPad,
                   page.caption_h - 2 * kCardPad});
  }
  if (slides == 0) {
    const TextStyle empty{.font = styles.meta.font,
                          .size = 40,
                          .min_size = 28,
                          .color = show.theme.muted,
                          .align = Align::center,
                          .max_lines = 2};
    const TextLayout text = fit_text(canvas, empty, words.empty, {page.width, 200});
    draw_text_layout(canvas, empty, text, page.x, grid_y + kHeaderGap);
  }
  return sheet->save_png(out, error);
}

bool render_contact_sheet(const Show& show, int width, int height, const std::filesystem::path& out,
                          std::string* error) {
  SheetPage words;
  words.title = show.screen.empty() ? show.file.stem().string() : show.screen;
  const std::size_t n = show.slides.size();
  words.meta = "theme " + show.theme.name + " \xC2\xB7 " + std::to_string(n) +
               (n == 1 ? " slide" : " slides");
  words.empty = "This playlist has no slides.";
  for (int i = 0; i < static_cast<int>(n); ++i)
    words.cards.push_back(
        {preview_frame(show, i), show.slides[i].id, caption_detail(show.slides[i])});
  return render_sheet(show, words, width, height, out, error);
}

}  // namespace marquee::backends
