// Reads the YAML of charts: type, titles, number format, and data inline or from a CSV file.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <tuple>
#include <unordered_map>

#include "config/csv.h"
#include "config/slide_kinds.h"

namespace marquee::config::detail {
namespace {

const Choice<ChartType> kChartType{"chart type",
                                   {{"bar", ChartType::bar},
                                    {"line", ChartType::line},
                                    {"number", ChartType::number},
                                    {"timeline", ChartType::timeline}}};
const Choice<NumberFormat> kNumberFormat{"number format",
                                         {{"plain", NumberFormat::plain},
                                          {"compact", NumberFormat::compact},
                                          {"percent", NumberFormat::percent}}};

// How many points each type can show legibly at the theme's sizes.
struct Limits {
  std::size_t min, max;
  const char* noun;
};

Limits limits(ChartType type) {
  switch (type) {
    case ChartType::bar:
      return {1, 12, "bars"};
    case ChartType::line:
      return {2, 40, "points"};
    case ChartType::number:
      return {1, 4, "figures"};
    case ChartType::timeline:
      return {1, 6, "milestones"};
  }
  return {1, 1, ""};
}

const char* type_name(ChartType type) {
  return kChartType.names[static_cast<std::size_t>(type)].name.data();
}

// A thousand trillion: past this doubles stop holding whole numbers, and no slide needs it.
constexpr double kLargest = 1e15;

// "1700", "1,700" (as people copy figures), "-2.5", "1e6".
std::optional<double> parse_number(std::string_view written) {
  std::string digits(trim(written));
  const auto comma = digits.find(',');
  if (comma != std::string::npos) {
    // Commas only as thousands separators, so "1,7" is not quietly read as 17.
    const std::size_t point = std::min(digits.find('.'), digits.size());
    const std::size_t first = digits.starts_with('-') ? 1 : 0;
    if (comma == first || comma - first > 3) return std::nullopt;
    for (std::size_t i = comma; i < point; i += 4)
      if (digits[i] != ',' || i + 4 > point) return std::nullopt;
    std::erase(digits, ',');
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() ||
      !std::isfinite(value))
    return std::nullopt;
  return value;
}

// Why `written` cannot be a value of this chart, or nullopt after storing it in `out`.
std::optional<std::string> value_problem(ChartType type, std::string_view written, double& out) {
  const auto value = parse_number(written);
  if (!value)
    return "value must be a number, got " +
           (trim(written).empty() ? std::string("nothing") : quote(written));
  if (std::abs(*value) >= kLargest) return "value is too large to show, got " + quote(written);
  if (type == ChartType::bar && *value < 0)
    return "bar charts cannot show negative values, got " + quote(written);
  out = *value;
  return std::nullopt;
}

// Reads the points of one chart from whichever of the ways to write them was used.
class DataReader {
 public:
  DataReader(Reader& r, ChartType type, std::vector<ChartPoint>& points)
      : r_(r), type_(type), points_(points) {}

  bool timeline() const { return type_ == ChartType::timeline; }

  // The value or the milestone text of a point, as the chart's type needs.
  bool content(const Item& item, ChartPoint& point) {
    if (timeline()) {
      auto words = text(r_, item);
      if (words && trim(*words).empty()) {
        r_.error(item.at, "milestone text is empty");
        return false;
      }
      if (words) point.text = std::move(*words);
      return words.has_value();
    }
    const auto written = r_.scalar(item, "a number");
    if (!written) return false;
    if (auto problem = value_problem(type_, *written, point.value)) {
      r_.error(item.at, *problem);
      return false;
    }
    return true;
  }

  // data: { 2022: 300, 2023: 600 }, in the order written.
  void map(const Item& item) {
    std::unordered_map<std::string, int> seen;  // label -> line
    for (const auto& pair : item.node) {
      const YAML::Node key = pair.first;
      const YAML::Node value = pair.second;
      if (!r_.visit(key.Mark())) return;
      if (!key.IsScalar()) {
        r_.error(key.Mark(), "labels must be plain text, got " + describe(key));
        continue;
      }
      const auto [first, fresh] = seen.try_emplace(key.Scalar(), r_.where(key.Mark()).line);
      if (!fresh) {
        r_.error(key.Mark(), "duplicate label " + quote(key.Scalar()) + " (first at line " +
                                 std::to_string(first->second) + ")");
        continue;
      }
      ChartPoint point{key.Scalar(), 0, {}};
      if (content({value, key.Scalar(), key.Mark(), value.IsNull() ? key.Mark() : value.Mark()},
                  point))
        points_.push_back(std::move(point));
    }
  }

  // data: [{ label: 2022, value: 300 }, ...]
  void list(const Item& item) {
    for (const auto& node : item.node) {
      if (!r_.visit(node.Mark())) return;
      const YAML::Mark at = r_.entry_mark(node);
      const Item entry{node, item.key, at, at};
      if (!node.IsMap()) {
        r_.type_error(entry, timeline() ? "a map like { label: 2024, text: PyTorch 2.4 }"
                                        : "a map like { label: 2024, value: 1700 }");
        continue;
      }
      ChartPoint point;
      bool has_label = false, has_content = false, ok = true;
      const std::string_view content_key = timeline() ? "text" : "value";
      const Field fields[] = {
          {"label", Reader::noting(has_label, r_.into(point.label, text))},
          {content_key,
           Reader::noting(has_content, [&](const Item& c) { ok = content(c, point) && ok; })},
      };
      r_.read_map(entry, "a data entry", fields);
      if (!has_content) r_.error(at, "data entry needs '" + std::string(content_key) + "'");
      if (has_content && ok) points_.push_back(std::move(point));
    }
  }

  // labels: [2022, 2023] with values: [300, 600], as rows copied from a spreadsheet.
  void parallel(const Item& labels, const Item& values) {
    if (!labels.node.IsSequence()) return r_.type_error(labels, "a list of labels");
    if (!values.node.IsSequence()) return r_.type_error(values, "a list of numbers");
    if (labels.node.size() != values.node.size())
      return r_.error(values.key_at, "'labels' has " + std::to_string(labels.node.size()) +
                                         " entries but 'values' has " +
                                         std::to_string(values.node.size()) +
                                         "; give one label per value");
    for (std::size_t i = 0; i < labels.node.size(); ++i) {
      const YAML::Node label = labels.node[i];
      const YAML::Node value = values.node[i];
      if (!r_.visit(value.Mark())) return;
      const YAML::Mark label_at = r_.entry_mark(label), value_at = r_.entry_mark(value);
      ChartPoint point;
      const auto words = text(r_, {label, labels.key, label_at, label_at});
      if (words && content({value, values.key, value_at, value_at}, point)) {
        point.label = *words;
        points_.push_back(std::move(point));
      }
    }
  }

  // csv: data/attendance.csv, with a header naming its label and value (or text) columns.
  void csv(const Item& item) {
    if (!asset(r_, item)) return;
    const auto shown =
        (std::filesystem::path(r_.where(item.at).file).parent_path() / item.node.Scalar())
            .lexically_normal();
    // Read through the show's sink, so the CSV joins the last-good copy like the YAML.
    const auto text = read_text_file(r_.sink(), shown);
    if (!text) return;
    CsvTable table = read_csv(*text, shown.string());
    auto& out = r_.sink().diagnostics;
    out.insert(out.end(), table.diagnostics.begin(), table.diagnostics.end());
    if (table.rows.empty()) return;
    const CsvRow& header = table.rows.front();
    const auto error = [&](const CsvCell& at, std::string message) {
      out.push_back(
          {shown.string(), at.line, at.column, Diagnostic::Severity::error, std::move(message)});
    };
    const std::string content_key = timeline() ? "text" : "value";
    const auto column = [&](std::string_view name) {
      const auto found = std::find_if(header.begin(), header.end(), [&](const CsvCell& cell) {
        return lower(trim(cell.text)) == name;
      });
      return found == header.end() ? -1 : static_cast<int>(found - header.begin());
    };
    const int label_column = column("label"), content_column = column(content_key);
    if (label_column < 0 || content_column < 0) {
      std::vector<std::string> missing;
      if (label_column < 0) missing.push_back("'label'");
      if (content_column < 0) missing.push_back("'" + content_key + "'");
      return error(header.front(), "the header has no " + join(missing, " or ") +
                                       " column; the first line must name the columns, like "
                                       "label," +
                                       content_key);
    }
    if (table.rows.size() == 1)
      return error(header.front(), "no data under the header; add rows like 2024," +
                                       std::string(timeline() ? "PyTorch 2.4" : "1700"));
    for (std::size_t n = 1; n < table.rows.size(); ++n) {
      const CsvRow& row = table.rows[n];
      if (row.size() != header.size()) continue;  // read_csv has said so
      ChartPoint point{row[label_column].text, 0, {}};
      const CsvCell& cell = row[content_column];
      if (timeline()) {
        if (trim(cell.text).empty()) {
          error(cell, "milestone text is empty");
          continue;
        }
        point.text = cell.text;
      } else if (auto problem = value_problem(type_, cell.text, point.value)) {
        error(cell, *problem);
        continue;
      }
      points_.push_back(std::move(point));
    }
  }

 private:
  Reader& r_;
  ChartType type_;
  std::vector<ChartPoint>& points_;
};

}  // namespace

}  // namespace marquee::config::detail

namespace marquee {

using namespace config::detail;

ChartSlide ChartSlide::read(Reader& r, const Item& params) {
  ChartSlide chart;
  std::optional<Item> type, data, value, labels, values, csv;
  const Field fields[] = {
      {"type", Reader::keep(type)},
      {"title", r.into(chart.title, text)},
      {"caption", r.into(chart.caption, text)},
      {"data", Reader::keep(data)},
      {"value", Reader::keep(value)},
      {"labels", Reader::keep(labels)},
      {"values", Reader::keep(values)},
      {"csv", Reader::keep(csv)},
      {"format", r.into(chart.format, kNumberFormat)},
      {"prefix", r.into(chart.prefix, text)},
      {"suffix", r.into(chart.suffix, text)},
      {"grow", r.into(chart.grow, duration)},
  };
  if (!r.read_map(params, "'chart'", fields)) return chart;
  // The type decides how values are read, so a bad one stops here rather than
  // reporting every value as wrong for a type that was never meant.
  if (type) {
    const auto parsed = kChartType(r, *type);
    if (!parsed) return chart;
    chart.type = *parsed;
  }

  // Exactly one way of giving the data; the second one named is the mistake.
  std::vector<const Item*> sources;
  for (const auto* item : {&data, &value, &labels, &csv})
    if (*item) sources.push_back(&**item);
  if (values && !labels) sources.push_back(&*values);
  std::sort(sources.begin(), sources.end(), [&](const Item* a, const Item* b) {
    return std::tie(a->key_at.line, a->key_at.column) < std::tie(b->key_at.line, b->key_at.column);
  });
  const bool timeline = chart.type == ChartType::timeline;
  if (sources.empty()) {
    r.error(params.at, timeline ? "timeline needs 'data', like data: { 2022: \"PyTorch Foundation "
                                  "founded\" }, or 'csv'"
                                : "chart needs 'data', like data: { 2023: 600, 2024: 1700 }, or "
                                  "'csv', or 'labels' with 'values'");
    return chart;
  }
  if (sources.size() > 1) {
    r.error(sources[1]->key_at, "'" + sources[0]->key +
                                    "' already gives this chart's data; remove '" +
                                    sources[1]->key + "'");
    return chart;
  }
  const Item& source = *sources.front();
  DataReader reader(r, chart.type, chart.points);
  if (source.key == "value") {
    if (chart.type != ChartType::number) {
      r.error(value->key_at, "'value' is for number charts; give a " +
                                 std::string(type_name(chart.type)) + " chart 'data'");
      return chart;
    }
    ChartPoint point;
    if (reader.content(*value, point)) chart.points.push_back(point);
    return chart;
  }
  if (source.key == "values") {
    r.error(values->key_at, "'values' needs 'labels' beside it, one label per value");
    return chart;
  }
  if (source.key == "labels" && !values) {
    r.error(labels->key_at, "'labels' needs 'values' beside it, one number per label");
    return chart;
  }
  if (source.key == "labels" && timeline) {
    r.error(labels->key_at, "a timeline takes 'data' with each year's text, not 'labels'");
    return chart;
  }
  if (source.key == "labels") {
    reader.parallel(*labels, *values);
  } else if (source.key == "csv") {
    reader.csv(*csv);
  } else if (data->node.IsMap()) {
    reader.map(*data);
  } else if (data->node.IsSequence()) {
    reader.list(*data);
  } else if (!data->node.IsNull()) {
    r.type_error(*data, "a map like { 2023: 600, 2024: 1700 } or a list of { label, value }");
    return chart;
  }

  const Limits limit = limits(chart.type);
  const std::size_t written =
      source.node.IsMap() || source.node.IsSequence() ? source.node.size() : chart.points.size();
  if (source.key == "data" && written == 0)
    r.error(data->at, "'data' is empty; add at least one value, like data: { 2024: 1700 }");
  else if (written > limit.max)
    r.error(source.at, std::string("a ") + type_name(chart.type) + " chart shows at most " +
                           std::to_string(limit.max) + " " + limit.noun + "; this one has " +
                           std::to_string(written));
  else if (written < limit.min && written > 0)
    r.error(source.at, std::string("a ") + type_name(chart.type) + " chart needs at least " +
                           std::to_string(limit.min) + " " + limit.noun + "; this one has " +
                           std::to_string(written));
  return chart;
}

}  // namespace marquee
