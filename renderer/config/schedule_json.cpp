// Reads frab/c3voc/pretalx schedule.json and pretalx's widget JSON with nlohmann-json, every value
// placed by line and JSON pointer.
#include <nlohmann/json.hpp>

#include <iterator>
#include <map>
#include <unordered_map>

#include "config/reader.h"
#include "config/schedule_build.h"

namespace marquee::config::detail {
namespace {

using nlohmann::json;

// Counts the bytes nlohmann's lexer has read, so SAX events know where they are.
struct CountingIterator {
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  const char* at = nullptr;
  std::size_t* consumed = nullptr;

  reference operator*() const { return *at; }
  CountingIterator& operator++() {
    ++at;
    ++*consumed;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const CountingIterator& other) const { return at == other.at; }
};

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  for (const char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// Where each value starts, by JSON pointer; and the first syntax error, if any.
class JsonPlaces : public nlohmann::json_sax<json> {
 public:
  explicit JsonPlaces(std::string_view text) : text_(text) {}

  bool parse() {
    CountingIterator first{text_.data(), &consumed_};
    CountingIterator last{text_.data() + text_.size(), &consumed_};
    return json::sax_parse(first, last, this);
  }

  std::optional<std::size_t> offset(const std::string& pointer) const {
    if (const auto it = starts_.find(pointer); it != starts_.end()) return it->second;
    return std::nullopt;
  }
  std::size_t error_offset = 0;
  std::string error_pointer;
  std::string error_message;

  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_unsigned(number_unsigned_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool string(string_t&) override { return scalar(); }
  bool binary(binary_t&) override { return scalar(); }
  bool start_object(std::size_t) override { return open(false); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& name) override {
    if (!frames_.empty()) frames_.back().key = name;
    last_end_ = consumed_;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error_offset = position > 0 ? position - 1 : 0;
    error_pointer = here();
    error_message = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
    if (const auto colon = error_message.find(": "); colon != std::string::npos)
      error_message = error_message.substr(colon + 2);
    return false;
  }

 private:
  struct Frame {
    bool array = false;
    std::size_t index = 0;
    std::optional<std::string> key;  // the member being read; none between members
  };

  std::string here() const {
    std::string out;
    for (const auto& frame : frames_) {
      if (frame.array)
        out += "/" + std::to_string(frame.index);
      else if (frame.key)
        out += "/" + escape_pointer_token(*frame.key);
    }
    return out;
  }
  // A value starts at the first byte after the previous token that is not space, ':' or ','.
  void record() {
    std::size_t start = last_end_;
    while (start < text_.size() &&
           std::string_view(" \t\r\n:,").find(text_[start]) != std::string_view::npos)
      ++start;
    starts_.emplace(here(), start);
  }
  void done() {
    last_end_ = consumed_;
    if (frames_.empty()) return;
    if (frames_.back().array)
      ++frames_.back().index;
    else
      frames_.back().key.reset();
  }
  bool scalar() {
    record();
    done();
    return true;
  }
  bool open(bool array) {
    record();
    frames_.push_back({array, 0, {}});
    last_end_ = consumed_;
    return true;
  }
  bool close() {
    frames_.pop_back();
    done();
    return true;
  }

  std::string_view text_;
  std::size_t consumed_ = 0;
  std::size_t last_end_ = 0;
  std::vector<Frame> frames_;
  std::unordered_map<std::string, std::size_t> starts_;
};

class JsonReader {
 public:
  JsonReader(std::string_view text, RawSchedule& raw, ScheduleSink& sink)
      : text_(text), lines_(text), places_(text), raw_(raw), sink_(sink) {}

  void read() {
    if (!places_.parse()) {
      Place at = lines_.at(places_.error_offset);
      at.pointer = places_.error_pointer;
      sink_.error(at, "JSON: " + places_.error_message);
      return;
    }
    const json root = json::parse(text_, nullptr, /*allow_exceptions=*/false);
    if (root.is_object() && root.contains("schedule"))
      read_frab(root);
    else if (root.is_object() && root.contains("talks"))
      read_widget(root);
    else
      sink_.error(place(""),
                  "JSON, but no schedule: a frab/c3voc/pretalx schedule.json has \"schedule\" at "
                  "the top, a pretalx widget export \"talks\"");
  }

 private:
  Place place(const std::string& pointer) const {
    // A value the file leaves out is placed at the object that would hold it.
    std::string at = pointer;
    while (true) {
      if (const auto offset = places_.offset(at)) {
        Place out = lines_.at(*offset);
        out.pointer = pointer.empty() ? "" : pointer;
        return out;
      }
      if (at.empty()) return Place{1, 1, pointer};
      at = at.substr(0, at.rfind('/'));
    }
  }

  // A string, a number written as text, or pretalx's {"en": "...", "de": "..."}.
  static std::string text_of(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    if (value.is_number()) return value.dump();
    if (value.is_object()) {
      if (const auto en = value.find("en"); en != value.end() && en->is_string())
        return en->get<std::string>();
      for (const auto& [lang, text] : value.items())
        if (text.is_string()) return text.get<std::string>();
    }
    return {};
  }
  static std::string field(const json& object, const char* name) {
    if (!object.is_object()) return {};
    const auto it = object.find(name);
    return it == object.end() ? std::string() : std::string(trim(text_of(*it)));
  }

  std::optional<WrittenTime> time_field(const json& object, const char* name,
                                        const std::string& pointer,
                                        std::string* written = nullptr) {
    const std::string text = field(object, name);
    if (written) *written = text;
    if (text.empty()) return std::nullopt;
    auto parsed = parse_written_time(text);
    if (!parsed)
      sink_.warning(place(pointer + "/" + name),
                    "cannot read the time '" + text + "'; write it like 2024-09-18T10:00:00-07:00");
    return parsed;
  }

  void read_conference_lists(const json& conference, const std::string& pointer) {
    raw_.title = field(conference, "title");
    raw_.zone_name = field(conference, "time_zone_name");
    raw_.zone_at = place(pointer + "/time_zone_name");
    if (const auto rooms = conference.find("rooms"); rooms != conference.end() && rooms->is_array())
      for (const auto& room : *rooms)
        if (auto name = field(room, "name"); !name.empty()) raw_.rooms.push_back(name);
    if (const auto tracks = conference.find("tracks");
        tracks != conference.end() && tracks->is_array()) {
      for (std::size_t i = 0; i < tracks->size(); ++i) {
        const auto& track = (*tracks)[i];
        ScheduleTrack out{field(track, "name"), std::nullopt};
        if (const auto colour = field(track, "color"); !colour.empty()) {
          out.colour = parse_colour(colour);
          if (!out.colour)
            sink_.warning(place(pointer + "/tracks/" + std::to_string(i) + "/color"),
                          "bad track colour '" + colour + "'; use #RRGGBB");
        }
        if (!out.name.empty()) raw_.tracks.push_back(std::move(out));
      }
    }
  }

  void read_frab(const json& root) {
    const json& schedule = root["schedule"];
    const std::string conference_at = "/schedule/conference";
    const auto conference = schedule.is_object() ? schedule.find("conference") : schedule.end();
    if (!schedule.is_object() || conference == schedule.end() || !conference->is_object()) {
      sink_.error(place("/schedule"),
                  "a schedule.json needs \"schedule\": {\"conference\": {...}}");
      return;
    }
    const bool pretalx = field(root.value("generator", json::object()), "name") == "pretalx";
    read_conference_lists(*conference, conference_at);
    const auto days = conference->find("days");
    if (days == conference->end() || !days->is_array()) {
      sink_.error(place(conference_at), "the conference has no \"days\" list");
      return;
    }
    for (std::size_t d = 0; d < days->size(); ++d) {
      const json& day = (*days)[d];
      const std::string day_at = conference_at + "/days/" + std::to_string(d);
      int day_index = -1;
      if (const auto written = field(day, "date"); !written.empty()) {
        if (const auto date = parse_day(written)) {
          day_index = static_cast<int>(raw_.days.size());
          raw_.days.push_back({*date, place(day_at)});
        } else {
          sink_.warning(place(day_at + "/date"), "cannot read the day's date '" + written + "'");
        }
      }
      const auto rooms = day.is_object() ? day.find("rooms") : day.end();
      if (!day.is_object() || rooms == day.end() || !rooms->is_object()) continue;
      for (const auto& [room_name, events] : rooms->items()) {
        if (std::find(raw_.rooms.begin(), raw_.rooms.end(), room_name) == raw_.rooms.end())
          raw_.rooms.push_back(room_name);
        const std::string room_at = day_at + "/rooms/" + escape_pointer_token(room_name);
        if (!events.is_array()) continue;
        for (std::size_t e = 0; e < events.size(); ++e)
          read_frab_event(events[e], room_at + "/" + std::to_string(e), room_name, day_index,
                          pretalx);
      }
    }
  }

  void read_frab_event(const json& event, const std::string& at, const std::string& room, int day,
                       bool pretalx) {
    if (!event.is_object()) return;
    RawEvent r;
    r.at = place(at);
    r.day = day;
    r.event.id = field(event, "id");
    r.event.guid = field(event, "guid");
    r.event.title = field(event, "title");
    r.event.subtitle = field(event, "subtitle");
    r.event.track = field(event, "track");
    r.event.type = field(event, "type");
    r.event.language = field(event, "language");
    r.event.room = field(event, "room");
    if (r.event.room.empty()) r.event.room = room;
    if (const auto persons = event.find("persons"); persons != event.end() && persons->is_array())
      for (const auto& person : *persons) {
        std::string name = field(person, "public_name");
        if (name.empty()) name = field(person, "name");
        if (person.is_string()) name = person.get<std::string>();
        if (!name.empty()) r.event.speakers.push_back(name);
      }
    r.date = time_field(event, "date", at, &r.date_written);
    r.date_at = place(at + "/date");
    if (const auto clock = field(event, "start"); !clock.empty()) {
      r.clock = parse_clock(clock);
      r.clock_at = place(at + "/start");
      if (!r.clock)
        sink_.warning(r.clock_at, "cannot read the start '" + clock + "'; write it like 11:00");
    }
    r.end = time_field(event, "end", at);
    r.end_at = place(at + "/end");
    if (const auto duration = field(event, "duration"); !duration.empty()) {
      r.duration_written = duration;
      r.duration_at = place(at + "/duration");
      r.duration = parse_frab_duration(duration, pretalx);
      if (!r.duration)
        sink_.warning(r.duration_at,
                      "cannot read the duration '" + duration + "'; write it like 00:45");
    }
    raw_.events.push_back(std::move(r));
  }

  // pretalx's own schedule JSON (/<event>/schedule/widgets/schedule.json): talks name
  // their room, track and speakers by id.
  void read_widget(const json& root) {
    raw_.date_field = "\"start\"";
    raw_.zone_name = field(root, "timezone");
    raw_.zone_at = place("/timezone");
    std::map<std::string, std::string> rooms, speakers;
    std::map<std::string, ScheduleTrack> tracks;
    if (const auto list = root.find("rooms"); list != root.end() && list->is_array())
      for (const auto& room : *list) {
        const auto name = field(room, "name");
        rooms[field(room, "id")] = name;
        if (!name.empty()) raw_.rooms.push_back(name);
      }
    if (const auto list = root.find("tracks"); list != root.end() && list->is_array())
      for (const auto& track : *list) {
        ScheduleTrack out{field(track, "name"), parse_colour(field(track, "color"))};
        tracks[field(track, "id")] = out;
        if (!out.name.empty()) raw_.tracks.push_back(out);
      }
    if (const auto list = root.find("speakers"); list != root.end() && list->is_array())
      for (const auto& speaker : *list) speakers[field(speaker, "code")] = field(speaker, "name");
    const json& talks = root["talks"];
    if (!talks.is_array()) {
      sink_.error(place("/talks"), "\"talks\" must be a list");
      return;
    }
    for (std::size_t i = 0; i < talks.size(); ++i) {
      const json& talk = talks[i];
      const std::string at = "/talks/" + std::to_string(i);
      if (!talk.is_object()) continue;
      RawEvent r;
      r.at = place(at);
      r.event.id = field(talk, "code");
      if (r.event.id.empty()) r.event.id = field(talk, "id");
      r.event.title = field(talk, "title");
      r.event.language = field(talk, "content_locale");
      r.event.type = field(talk, "slot_type");
      if (const auto room = rooms.find(field(talk, "room")); room != rooms.end())
        r.event.room = room->second;
      if (const auto track = tracks.find(field(talk, "track")); track != tracks.end()) {
        r.event.track = track->second.name;
        r.event.track_colour = track->second.colour;
      }
      if (const auto codes = talk.find("speakers"); codes != talk.end() && codes->is_array())
        for (const auto& code : *codes)
          if (const auto name = speakers.find(text_of(code)); name != speakers.end())
            r.event.speakers.push_back(name->second);
      r.date = time_field(talk, "start", at, &r.date_written);
      r.date_at = place(at + "/start");
      r.end = time_field(talk, "end", at);
      r.end_at = place(at + "/end");
      if (!r.end && talk.contains("duration") && talk["duration"].is_number()) {
        r.duration = std::chrono::seconds{talk["duration"].get<long long>() * 60};
        r.duration_at = place(at + "/duration");
        r.duration_written = std::to_string(talk["duration"].get<long long>()) + " min";
      }
      raw_.events.push_back(std::move(r));
    }
  }

  std::string_view text_;
  LineIndex lines_;
  JsonPlaces places_;
  RawSchedule& raw_;
  ScheduleSink& sink_;
};

}  // namespace

void read_schedule_json(std::string_view text, RawSchedule& raw, ScheduleSink& sink) {
  JsonReader(text, raw, sink).read();
}

}  // namespace marquee::config::detail
