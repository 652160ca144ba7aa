// Chart tests: number formats, YAML and CSV diagnostics with positions, animation, goldens.
#include <gtest/gtest.h>

#include <fstream>

#include "config/loader.h"
#include "diagnostic_lines.h"
#include "golden.h"
#include "render/figures.h"
#include "scratch_dir.h"
#include "slide_picture.h"

namespace marquee {
namespace {

namespace fs = std::filesystem;
using render::format_number;
using test::Lines;

const std::string kMinus = "\xE2\x88\x92";

// ---- number formatting ----

TEST(NumberFormat, PlainGroupsThousands) {
  EXPECT_EQ(format_number(0, NumberFormat::plain), "0");
  EXPECT_EQ(format_number(300, NumberFormat::plain), "300");
  EXPECT_EQ(format_number(1700, NumberFormat::plain), "1,700");
  EXPECT_EQ(format_number(600000, NumberFormat::plain), "600,000");
  EXPECT_EQ(format_number(1234567.4, NumberFormat::plain), "1,234,567");
  EXPECT_EQ(format_number(2.5, NumberFormat::plain, 1), "2.5");
  EXPECT_EQ(format_number(1700.05, NumberFormat::plain, 2), "1,700.05");
  EXPECT_EQ(format_number(-2100, NumberFormat::plain), kMinus + "2,100");
  EXPECT_EQ(format_number(-0.2, NumberFormat::plain), "0");  // no "−0"
}

TEST(NumberFormat, CompactUsesKMAndB) {
  EXPECT_EQ(format_number(950, NumberFormat::compact), "950");
  EXPECT_EQ(format_number(1700, NumberFormat::compact), "1.7K");
  EXPECT_EQ(format_number(3000, NumberFormat::compact), "3K");
  EXPECT_EQ(format_number(15000, NumberFormat::compact), "15K");
  EXPECT_EQ(format_number(177000, NumberFormat::compact), "177K");
  EXPECT_EQ(format_number(600000, NumberFormat::compact), "600K");
  EXPECT_EQ(format_number(1200000, NumberFormat::compact), "1.2M");
  EXPECT_EQ(format_number(9960, NumberFormat::compact), "10K");
  EXPECT_EQ(format_number(999999, NumberFormat::compact), "1M");
  EXPECT_EQ(format_number(999.7, NumberFormat::compact), "1K");
  EXPECT_EQ(format_number(3e9, NumberFormat::compact), "3B");
  EXPECT_EQ(format_number(-1500, NumberFormat::compact), kMinus + "1.5K");
}

TEST(NumberFormat, PercentTakesThePercentageAsWritten) {
  EXPECT_EQ(format_number(60, NumberFormat::percent), "60%");
  EXPECT_EQ(format_number(12.5, NumberFormat::percent, 1), "12.5%");
}

TEST(NumberFormat, ChartValuesCarryPrefixSuffixAndTheTargetsDecimals) {
  ChartSlide chart;
  chart.suffix = "+";
  EXPECT_EQ(render::format_chart_value(chart, 600000, 600000), "600,000+");
  // Counting up to 600,000, the figure never shows decimals on the way.
  EXPECT_EQ(render::format_chart_value(chart, 412345.6, 600000), "412,346+");
  EXPECT_EQ(render::format_chart_value(chart, 1.25, 2.5), "1.3+");
  chart.prefix = "$";
  chart.suffix = "";
  chart.format = NumberFormat::compact;
  EXPECT_EQ(render::format_chart_value(chart, -1200000, 1), kMinus + "$1.2M");
  EXPECT_EQ(render::decimals_needed(1700), 0);
  EXPECT_EQ(render::decimals_needed(2.5), 1);
  EXPECT_EQ(render::decimals_needed(0.125), 2);
}

// ---- YAML and CSV ----

using test::check;
using test::formatted;

const ChartSlide& chart_of(const config::ShowResult& result, std::size_t slide = 0) {
  return std::get<ChartSlide>(result.show->slides.at(slide).content);
}

std::vector<std::pair<std::string, double>> values(const ChartSlide& chart) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& p : chart.points) out.emplace_back(p.label, p.value);
  return out;
}

using Values = std::vector<std::pair<std::string, double>>;

TEST(ChartConfig, ReadsEveryWayOfGivingData) {
  const auto result = config::load_show_from_string(R"(slides:
  - chart:
      type: bar
      title: "PyTorch Conference attendance"
      caption: "2024: about 1,700 registrations"
      data: { 2022: 300, 2023: 600, 2024: "1,700" }
      suffix: "+"
      grow: 2s
  - chart:
      type: line
      data: [{ label: "2022", value: 2100 }, { label: "2024", value: 3000 }]
      format: compact
  - chart: { type: number, value: 600000, suffix: "+", caption: "GitHub repositories use PyTorch" }
  - chart: { labels: [a, b], values: [1.5, 2] }
  - chart:
      type: timeline
      data: { 2022: "PyTorch Foundation founded", 2023: "PyTorch 2.0 and 2.1 · ExecuTorch" }
)",
                                                    "p.yaml");
  ASSERT_EQ(formatted(result.diagnostics), Lines{});
  const ChartSlide& bar = chart_of(result, 0);
  EXPECT_EQ(bar.type, ChartType::bar);
  EXPECT_EQ(bar.title, "PyTorch Conference attendance");
  EXPECT_EQ(bar.caption, "2024: about 1,700 registrations");
  EXPECT_EQ(values(bar), (Values{{"2022", 300}, {"2023", 600}, {"2024", 1700}}));
  EXPECT_EQ(bar.suffix, "+");
  EXPECT_EQ(bar.grow, Millis{2000});
  const ChartSlide& line = chart_of(result, 1);
  EXPECT_EQ(line.type, ChartType::line);
  EXPECT_EQ(line.format, NumberFormat::compact);
  EXPECT_EQ(values(line), (Values{{"2022", 2100}, {"2024", 3000}}));
  const ChartSlide& number = chart_of(result, 2);
  EXPECT_EQ(values(number), (Values{{"", 600000}}));
  EXPECT_EQ(number.caption, "GitHub repositories use PyTorch");
  EXPECT_EQ(values(chart_of(result, 3)), (Values{{"a", 1.5}, {"b", 2}}));
  const ChartSlide& timeline = chart_of(result, 4);
  ASSERT_EQ(timeline.points.size(), 2u);
  EXPECT_EQ(timeline.points[1].label, "2023");
  EXPECT_EQ(timeline.points[1].text, "PyTorch 2.0 and 2.1 · ExecuTorch");
}

TEST(ChartConfig, ReportsBadDataWithPositions) {
  EXPECT_EQ(check("slides:\n  - chart: { type: bar, data: {} }\n"),
            Lines{"p.yaml:2:31: error: 'data' is empty; add at least one value, like data: { "
                  "2024: 1700 }"});
  EXPECT_EQ(check("slides:\n  - chart: { title: Growth }\n"),
            Lines{"p.yaml:2:12: error: chart needs 'data', like data: { 2023: 600, 2024: 1700 "
                  "}, or 'csv', or 'labels' with 'values'"});
  EXPECT_EQ(check("slides:\n  - chart:\n      data: { 2022: 300, 2023: lots, 2024: -5 }\n"),
            (Lines{"p.yaml:3:32: error: value must be a number, got 'lots'",
                   "p.yaml:3:44: error: bar charts cannot show negative values, got '-5'"}));
  EXPECT_EQ(check("slides:\n  - chart:\n      labels: [2022, 2023, 2024]\n      values: [300, "
                  "600]\n"),
            Lines{"p.yaml:4:7: error: 'labels' has 3 entries but 'values' has 2; give one label "
                  "per value"});
  EXPECT_EQ(check("slides:\n  - chart:\n      data: [{ label: a, value: 1 }, { label: b }, "
                  "{ label: c, valu: 2 }]\n"),
            (Lines{"p.yaml:3:38: error: data entry needs 'value'",
                   "p.yaml:3:52: error: data entry needs 'value'",
                   "p.yaml:3:64: error: unknown key 'valu' (did you mean 'value'?)"}));
  EXPECT_EQ(check("slides:\n  - chart: { type: line, data: { a: 1e300, b: \"1,7\" } }\n"),
            (Lines{"p.yaml:2:37: error: value is too large to show, got '1e300'",
                   "p.yaml:2:47: error: value must be a number, got '1,7'"}));
  EXPECT_EQ(check("slides:\n  - chart: { labels: [a, b] }\n"),
            Lines{"p.yaml:2:14: error: 'labels' needs 'values' beside it, one number per label"});
  EXPECT_EQ(check("slides:\n  - chart: { type: number, labels: [a, b, c, d, e], values: [1, 2, 3, "
                  "4, 5] }\n"),
            Lines{"p.yaml:2:36: error: a number chart shows at most 4 figures; this one has 5"});
  EXPECT_EQ(check("slides:\n  - chart: { type: pie, data: { a: 1 } }\n"),
            Lines{"p.yaml:2:20: error: unknown chart type 'pie'; use one of: bar, line, number, "
                  "timeline"});
  EXPECT_EQ(check("slides:\n  - chart: { type: line, data: { a: 1 } }\n"),
            Lines{"p.yaml:2:32: error: a line chart needs at least 2 points; this one has 1"});
  EXPECT_EQ(check("slides:\n  - chart: { data: { a: 1 }, csv: data.csv }\n"),
            Lines{"p.yaml:2:30: error: 'data' already gives this chart's data; remove 'csv'"});
  EXPECT_EQ(check("slides:\n  - chart: { type: timeline, data: [{ label: 2022, value: 3 }] }\n"),
            (Lines{"p.yaml:2:37: error: data entry needs 'text'",
                   "p.yaml:2:52: error: unknown key 'value'; use one of: label, text"}));
}

// A playlist and CSV files in a scratch folder, so positions inside the CSV can be checked.
class ChartCsv : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(dir_ / "data"); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  config::ShowResult load(const std::string& csv, const std::string& type = "bar") {
    return config::load_show_from_string(
        "slides:\n  - chart: { type: " + type + ", csv: " + csv + " }\n", dir_ / "p.yaml", dir_);
  }
  // Diagnostics with the scratch folder taken off, as a user in it would see them.
  Lines diagnostics(const config::ShowResult& result) {
    Lines out = formatted(result.diagnostics);
    for (auto& line : out) line.erase(0, (dir_ / "").string().size());
    return out;
  }
  marquee::testing::ScratchDir scratch_{"chart"};
  fs::path dir_ = scratch_.path();
};

TEST_F(ChartCsv, ReadsLabelsAndValuesByHeaderName) {
  write("data/attendance.csv",
        "value,label,note\n300,2022,just over\n600,2023,over\n\"1,700\",2024,about\n");
  const auto result = load("data/attendance.csv");
  ASSERT_EQ(diagnostics(result), Lines{});
  EXPECT_EQ(values(chart_of(result)), (Values{{"2022", 300}, {"2023", 600}, {"2024", 1700}}));
  EXPECT_NE(std::find(result.show->dependencies.begin(), result.show->dependencies.end(),
                      dir_ / "data" / "attendance.csv"),
            result.show->dependencies.end());
}

TEST_F(ChartCsv, ReportsProblemsAtTheirPlaceInTheCsv) {
  write("data/attendance.csv", "label,value\n2022,300\n2023,lots\n2024\n");
  EXPECT_EQ(diagnostics(load("data/attendance.csv")),
            (Lines{"data/attendance.csv:3:6: error: value must be a number, got 'lots'",
                   "data/attendance.csv:4:1: error: row 4 has 1 cell; the header has 2"}));
  write("data/nolabel.csv", "year,value\n2022,300\n");
  EXPECT_EQ(diagnostics(load("data/nolabel.csv")),
            Lines{"data/nolabel.csv:1:1: error: the header has no 'label' column; the first line "
                  "must name the columns, like label,value"});
  write("data/empty.csv", "label,text\n");
  EXPECT_EQ(diagnostics(load("data/empty.csv", "timeline")),
            Lines{"data/empty.csv:1:1: error: no data under the header; add rows like 2024,"
                  "PyTorch 2.4"});
  EXPECT_EQ(diagnostics(load("data/missing.csv")),
            Lines{"p.yaml:2:30: error: file not found: data/missing.csv"});
}

// ---- painting ----

ChartSlide attendance(ChartType type = ChartType::bar) {
  ChartSlide c;
  c.type = type;
  c.title = "PyTorch Conference attendance";
  c.caption = "2022: just over 300 · 2023: over 600 · 2024: about 1,700 registrations";
  c.points = {{"2022", 300, {}}, {"2023", 600, {}}, {"2024", 1700, {}}};
  return c;
}

ChartSlide repositories() {
  ChartSlide c;
  c.type = ChartType::number;
  c.title = "PyTorch on GitHub";
  c.caption = "GitHub repositories use PyTorch, growing more than 20% a year";
  c.points = {{"", 600000, {}}};
  c.suffix = "+";
  return c;
}

ChartSlide milestones() {
  ChartSlide c;
  c.type = ChartType::timeline;
  c.title = "Milestones";
  c.points = {{"2022", 0, "PyTorch Foundation founded"},
              {"2023", 0, "PyTorch 2.0 and 2.1\nExecuTorch"},
              {"2024", 0, "PyTorch 2.4\ntorchtune, torchchat\ntorchtitan (pre-release)"}};
  return c;
}

SlideMoment after(int ms) {
  return {Millis{ms}, Millis{10'000}, {}};
}

class ChartGolden : public testing::SlidePictures {};

TEST_F(ChartGolden, BarGrowing) {
  EXPECT_TRUE(golden::matches_golden(picture(attendance(), after(600)), "chart_bar_growing"));
}

TEST_F(ChartGolden, BarSettled) {
  EXPECT_TRUE(golden::matches_golden(picture(attendance(), after(5000)), "chart_bar"));
}

TEST_F(ChartGolden, LineSettled) {
  const ChartSlide c = attendance(ChartType::line);
  EXPECT_TRUE(golden::matches_golden(picture(c, after(5000)), "chart_line"));
}

TEST_F(ChartGolden, NumberCountingUp) {
  EXPECT_TRUE(golden::matches_golden(picture(repositories(), after(500)), "chart_number_counting"));
}

TEST_F(ChartGolden, NumberSettled) {
  EXPECT_TRUE(golden::matches_golden(picture(repositories(), after(5000)), "chart_number"));
}

TEST_F(ChartGolden, NumbersSideBySide) {
  ChartSlide c = repositories();
  c.title = "Contributing to PyTorch in 2024";
  c.caption = "Two years ago it was about 2,100 organizations.";
  c.points = {{"people", 3500, {}}, {"organizations", 3000, {}}};
  EXPECT_TRUE(golden::matches_golden(picture(c, after(5000)), "chart_numbers"));
}

TEST_F(ChartGolden, Timeline) {
  EXPECT_TRUE(golden::matches_golden(picture(milestones(), after(5000)), "chart_timeline"));
}

TEST_F(ChartGolden, TheAnimationIsAFunctionOfElapsedTime) {
  for (const ChartSlide& c :
       {attendance(), attendance(ChartType::line), repositories(), milestones()}) {
    SCOPED_TRACE(static_cast<int>(c.type));
    // Same moment, separate canvases: the same picture. A later moment differs until
    // the grow time is over, and from then on nothing moves.
    EXPECT_TRUE(golden::identical(picture(c, after(600)), picture(c, after(600))));
    EXPECT_FALSE(golden::identical(picture(c, after(600)), picture(c, after(900))));
    EXPECT_TRUE(golden::identical(picture(c, after(1500)), picture(c, after(9000))));
  }
}

}  // namespace
}  // namespace marquee
