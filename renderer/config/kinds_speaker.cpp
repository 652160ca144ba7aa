// Reads the YAML of speaker cards: a talk of the rundown, or the speaker's own lines and portrait.
#include "config/rundown.h"
#include "config/slide_kinds.h"

namespace marquee {

using namespace config::detail;

SpeakerSlide SpeakerSlide::read(Reader& r, const Item& params) {
  SpeakerSlide card;
  card.where = r.where(params.key_at);
  const Field fields[] = {
      {"talk",
       [&](const Item& item) {
         if (const auto named = text(r, item)) {
           card.talk = *named;
           card.where = r.where(item.at);
         }
       }},
      {"kicker", r.into(card.kicker, text)},
      {"name", r.into(card.name, text)},
      {"job_title", r.into(card.job_title, text)},
      {"organisation", r.into(card.organisation, text)},
      {"title", r.into(card.title, text)},
      {"portrait",
       [&](const Item& item) {
         if (auto file = image_asset_if_there(r, item, "the card shows the speaker's initials"))
           card.portrait = *file;
       }},
  };
  if (r.read_map(params, "'speaker'", fields) && card.name.empty() && card.talk.empty())
    r.error(params.at,
            "speaker card needs a 'name', or a 'talk' of the rundown (current, next "
            "or its id)");
  return card;
}

void SpeakerSlide::check(Sink& sink, const Show& show, const Slide&) const {
  check_talk(sink, show, talk, where);
}

}  // namespace marquee
