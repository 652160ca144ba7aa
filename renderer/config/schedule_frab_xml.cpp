// Reads frab/Pentabarf schedule.xml with pugixml; places come from pugixml's byte offsets.
#include <pugixml.hpp>

#include "config/reader.h"
#include "config/schedule_build.h"

namespace marquee::config::detail {
namespace {

class XmlReader {
 public:
  XmlReader(std::string_view text, RawSchedule& raw, ScheduleSink& sink)
      : text_(text), lines_(text), raw_(raw), sink_(sink) {}

  void read() {
    pugi::xml_document doc;
    const auto parsed =
        doc.load_buffer(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_auto);
    if (!parsed) {
      sink_.error(lines_.at(static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0))),
                  std::string("XML: ") + parsed.description());
      return;
    }
    const pugi::xml_node root = doc.document_element();
    if (std::string_view(root.name()) != "schedule") {
      sink_.error(place(root), std::string("valid XML, but not a frab schedule: the root element "
                                           "is <") +
                                   root.name() + ">, not <schedule>");
      return;
    }
    // pretalx writes a duration of a day or more as D:HH:MM; the c3voc schema's third
    // part is seconds.
    const bool pretalx =
        std::string_view(root.child("generator").attribute("name").value()) == "pretalx";
    const pugi::xml_node conference = root.child("conference");
    raw_.title = trim(conference.child_value("title"));
    if (const auto zone = conference.child("time_zone_name")) {
      raw_.zone_name = trim(zone.child_value());
      raw_.zone_at = place(zone);
    }
    for (const auto day : root.children("day")) {
      int day_index = -1;
      if (const auto written = day.attribute("date")) {
        if (const auto date = parse_day(written.value())) {
          day_index = static_cast<int>(raw_.days.size());
          raw_.days.push_back({*date, place(day)});
        } else {
          sink_.warning(place(day), std::string("cannot read <day date='") + written.value() +
                                        "'>; write it like 2014-12-27");
        }
      }
      for (const auto room : day.children("room")) {
        const std::string room_name(trim(room.attribute("name").value()));
        if (!room_name.empty() &&
            std::find(raw_.rooms.begin(), raw_.rooms.end(), room_name) == raw_.rooms.end())
          raw_.rooms.push_back(room_name);
        for (const auto event : room.children("event"))
          read_event(event, room_name, day_index, pretalx);
      }
    }
  }

 private:
  Place place(const pugi::xml_node& node) const {
    const auto offset = node.offset_debug();
    if (offset < 0) return Place{1, 1, {}};
    // pugixml points at the name; the message points at the '<' before it.
    const auto at = static_cast<std::size_t>(offset);
    return lines_.at(at > 0 && node.type() == pugi::node_element && text_[at - 1] == '<' ? at - 1
                                                                                         : at);
  }

  static std::string text(const pugi::xml_node& node, const char* child) {
    return std::string(trim(node.child_value(child)));
  }

  void read_event(const pugi::xml_node& node, const std::string& room, int day, bool pretalx) {
    RawEvent r;
    r.at = place(node);
    r.day = day;
    r.event.id = node.attribute("id").value();
    r.event.guid = node.attribute("guid").value();
    r.event.title = text(node, "title");
    r.event.subtitle = text(node, "subtitle");
    r.event.track = text(node, "track");
    r.event.type = text(node, "type");
    r.event.language = text(node, "language");
    r.event.room = text(node, "room");
    if (r.event.room.empty()) r.event.room = room;
    for (const auto person : node.child("persons").children("person"))
      if (auto name = std::string(trim(person.child_value())); !name.empty())
        r.event.speakers.push_back(std::move(name));

    if (const auto date = node.child("date"); date && !trim(date.child_value()).empty()) {
      r.date_written = std::string(trim(date.child_value()));
      r.date_at = place(date);
      r.date = parse_written_time(r.date_written);
      if (!r.date)
        sink_.warning(r.date_at, "cannot read <date> '" + r.date_written +
                                     "'; write it like 2014-12-27T11:00:00+01:00");
    }
    if (const auto start = node.child("start"); start && !trim(start.child_value()).empty()) {
      const std::string written(trim(start.child_value()));
      r.clock_at = place(start);
      r.clock = parse_clock(written);
      if (!r.clock)
        sink_.warning(r.clock_at, "cannot read <start> '" + written + "'; write it like 11:00");
    }
    if (const auto duration = node.child("duration");
        duration && !trim(duration.child_value()).empty()) {
      r.duration_written = std::string(trim(duration.child_value()));
      r.duration_at = place(duration);
      r.duration = parse_frab_duration(r.duration_written, pretalx);
      if (!r.duration)
        sink_.warning(r.duration_at,
                      "cannot read <duration> '" + r.duration_written + "'; write it like 00:45");
    }
    raw_.events.push_back(std::move(r));
  }

  std::string_view text_;
  LineIndex lines_;
  RawSchedule& raw_;
  ScheduleSink& sink_;
};

}  // namespace

void read_frab_xml(std::string_view text, RawSchedule& raw, ScheduleSink& sink) {
  XmlReader(text, raw, sink).read();
}

}  // namespace marquee::config::detail
