"""The server-drawn bar chart and the money format beside it."""

from jamsos.channels.portal.charts import HEIGHT, bar_chart, rupiah


def test_money_is_written_with_dots_between_thousands():
    assert rupiah(1_234_567) == "Rp 1.234.567"
    assert rupiah(0) == "Rp 0"
    assert rupiah(-5_000) == "−Rp 5.000"


def test_the_tallest_bar_fits_under_a_round_top_and_bars_keep_their_order():
    chart = bar_chart([("05/26", "05/2026", 100_000), ("06/26", "06/2026", 285_000)])

    assert [b.label for b in chart.bars] == ["05/26", "06/26"]
    assert chart.bars[0].height < chart.bars[1].height
    assert all(0 <= b.y <= chart.baseline <= HEIGHT for b in chart.bars)
    assert [t.label for t in chart.ticks] == ["0", "100.000", "200.000", "300.000", "400.000"]
    assert chart.bars[1].title == "06/2026: Rp 285.000"


def test_a_month_that_was_only_reversed_draws_no_bar_and_nothing_draws_no_chart():
    chart = bar_chart([("05/26", "05/2026", -10_000), ("06/26", "06/2026", 0)])

    assert [b.height for b in chart.bars] == [0, 0]
    assert bar_chart([]) is None


def test_many_months_are_labelled_every_few():
    points = [(f"{m:02d}", f"{m:02d}", m * 1000) for m in range(1, 25)]

    labels = [b.label for b in bar_chart(points).bars]

    assert 0 < sum(1 for label in labels if label) <= 12
