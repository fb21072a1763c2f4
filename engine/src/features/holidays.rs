//! Public holiday calendars computed offline: France (with the Alsace-Moselle local law),
//! the United States (federal), the United Kingdom (England and Wales bank holidays) and
//! Germany (national holidays), plus the day-level features a forecaster reads from them.
//!
//! Nothing is downloaded: every date comes from a fixed rule (a fixed day, the n-th weekday of
//! a month, an offset from Easter by the Gregorian computus) or, for the United Kingdom and
//! Germany, from a short table of one-off changes announced by the government (jubilees, the
//! 2020 VE-day move, the 2017 Reformation anniversary…). Rules are applied from the year the
//! holiday was created when that year is in the table below; older history is not modelled.
//! Invariant: [`holidays`] returns dates sorted and unique per (date, kind), all in the
//! requested year, and never panics, whatever the year.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// A country whose public holidays Prevision knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Country {
    /// France (metropolitan, national holidays).
    France,
    /// United States, federal holidays with the observed-day rule.
    UnitedStates,
    /// United Kingdom: England and Wales bank holidays with substitute days.
    UnitedKingdom,
    /// Germany: holidays common to every Land.
    Germany,
}

/// A region with holidays of its own on top of its country's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle): Good Friday and 26 December.
    AlsaceMoselle,
}

impl Region {
    /// The country the region belongs to.
    pub fn country(self) -> Country {
        match self {
            Region::AlsaceMoselle => Country::France,
        }
    }
}

/// Which holiday a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// New Year's Day.
    NewYearsDay,
    /// Good Friday.
    GoodFriday,
    /// Easter Monday.
    EasterMonday,
    /// Labour Day.
    LabourDay,
    /// Victory in Europe Day.
    VictoryInEuropeDay,
    /// Ascension Day.
    AscensionDay,
    /// Whit Monday.
    WhitMonday,
    /// Bastille Day.
    BastilleDay,
    /// Assumption Day.
    AssumptionDay,
    /// All Saints' Day.
    AllSaintsDay,
    /// Armistice Day.
    ArmisticeDay,
    /// Christmas Day.
    ChristmasDay,
    /// St Stephen's Day.
    StStephensDay,
    /// Martin Luther King Jr. Day.
    MartinLutherKingDay,
    /// Washington's Birthday.
    WashingtonsBirthday,
    /// Memorial Day.
    MemorialDay,
    /// Juneteenth.
    Juneteenth,
    /// Independence Day.
    IndependenceDay,
    /// Labor Day.
    UsLaborDay,
    /// Columbus Day.
    ColumbusDay,
    /// Veterans Day.
    VeteransDay,
    /// Thanksgiving Day.
    Thanksgiving,
    /// Early May bank holiday.
    EarlyMayBankHoliday,
    /// Spring bank holiday.
    SpringBankHoliday,
    /// Summer bank holiday.
    SummerBankHoliday,
    /// Boxing Day.
    BoxingDay,
    /// Millennium Celebrations.
    MillenniumHoliday,
    /// Royal wedding.
    RoyalWedding,
    /// Jubilee bank holiday.
    JubileeHoliday,
    /// State funeral.
    StateFuneral,
    /// Coronation bank holiday.
    Coronation,
    /// Day of German Unity.
    GermanUnityDay,
    /// Reformation Day.
    ReformationDay,
    /// Second Day of Christmas.
    SecondDayOfChristmas,
}

impl HolidayKind {
    /// The holiday's English name.
    pub fn name_en(self) -> &'static str {
        use HolidayKind::*;
        match self {
            NewYearsDay => "New Year's Day",
            GoodFriday => "Good Friday",
            EasterMonday => "Easter Monday",
            LabourDay => "Labour Day",
            VictoryInEuropeDay => "Victory in Europe Day",
            AscensionDay => "Ascension Day",
            WhitMonday => "Whit Monday",
            BastilleDay => "Bastille Day",
            AssumptionDay => "Assumption Day",
            AllSaintsDay => "All Saints' Day",
            ArmisticeDay => "Armistice Day",
            ChristmasDay => "Christmas Day",
            StStephensDay => "St Stephen's Day",
            MartinLutherKingDay => "Martin Luther King Jr. Day",
            WashingtonsBirthday => "Washington's Birthday",
            MemorialDay => "Memorial Day",
            Juneteenth => "Juneteenth",
            IndependenceDay => "Independence Day",
            UsLaborDay => "Labor Day",
            ColumbusDay => "Columbus Day",
            VeteransDay => "Veterans Day",
            Thanksgiving => "Thanksgiving Day",
            EarlyMayBankHoliday => "Early May bank holiday",
            SpringBankHoliday => "Spring bank holiday",
            SummerBankHoliday => "Summer bank holiday",
            BoxingDay => "Boxing Day",
            MillenniumHoliday => "Millennium Celebrations",
            RoyalWedding => "Royal wedding",
            JubileeHoliday => "Jubilee bank holiday",
            StateFuneral => "State funeral",
            Coronation => "Coronation bank holiday",
            GermanUnityDay => "Day of German Unity",
            ReformationDay => "Reformation Day",
            SecondDayOfChristmas => "Second Day of Christmas",
        }
    }

    /// The holiday's French name.
    pub fn name_fr(self) -> &'static str {
        use HolidayKind::*;
        match self {
            NewYearsDay => "Jour de l'an",
            GoodFriday => "Vendredi saint",
            EasterMonday => "Lundi de Pâques",
            LabourDay => "Fête du Travail",
            VictoryInEuropeDay => "Victoire 1945",
            AscensionDay => "Ascension",
            WhitMonday => "Lundi de Pentecôte",
            BastilleDay => "Fête nationale",
            AssumptionDay => "Assomption",
            AllSaintsDay => "Toussaint",
            ArmisticeDay => "Armistice 1918",
            ChristmasDay => "Noël",
            StStephensDay => "Saint-Étienne",
            MartinLutherKingDay => "Jour de Martin Luther King",
            WashingtonsBirthday => "Anniversaire de Washington",
            MemorialDay => "Memorial Day",
            Juneteenth => "Juneteenth",
            IndependenceDay => "Fête de l'indépendance",
            UsLaborDay => "Fête du Travail (États-Unis)",
            ColumbusDay => "Jour de Christophe Colomb",
            VeteransDay => "Jour des anciens combattants",
            Thanksgiving => "Thanksgiving",
            EarlyMayBankHoliday => "Jour férié de début mai",
            SpringBankHoliday => "Jour férié de printemps",
            SummerBankHoliday => "Jour férié d'été",
            BoxingDay => "Boxing Day",
            MillenniumHoliday => "Célébrations du millénaire",
            RoyalWedding => "Mariage royal",
            JubileeHoliday => "Jubilé",
            StateFuneral => "Funérailles nationales",
            Coronation => "Couronnement",
            GermanUnityDay => "Jour de l'unité allemande",
            ReformationDay => "Jour de la Réforme",
            SecondDayOfChristmas => "Lendemain de Noël",
        }
    }
}

/// One public holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Holiday {
    /// The day off.
    pub date: NaiveDate,
    /// Which holiday it is.
    pub kind: HolidayKind,
    /// `true` when this is the day off given in place of a holiday falling on a weekend
    /// (US "observed" day, UK substitute day); the holiday's own date is listed too.
    pub observed: bool,
}

/// Easter Sunday of `year` by the anonymous Gregorian computus (Meeus/Jones/Butcher);
/// `None` only when the date is outside chrono's range.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The `n`-th (1-based) `weekday` of a month; `n = -1` gives the last one.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: i32) -> Option<NaiveDate> {
    if n > 0 {
        NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(n).ok()?)
    } else {
        let (ny, nm) = if month == 12 { (year.checked_add(1)?, 1) } else { (year, month + 1) };
        let mut d = NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()?;
        while d.weekday() != weekday {
            d = d.pred_opt()?;
        }
        Some(d)
    }
}

fn offset(date: Option<NaiveDate>, days: i64) -> Option<NaiveDate> {
    date?.checked_add_signed(Duration::try_days(days)?)
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Collects holidays while dropping dates chrono cannot represent or outside the year.
struct Collector {
    year: i32,
    out: Vec<Holiday>,
}

impl Collector {
    fn add(&mut self, date: Option<NaiveDate>, kind: HolidayKind) {
        self.push(date, kind, false);
    }

    fn push(&mut self, date: Option<NaiveDate>, kind: HolidayKind, observed: bool) {
        if let Some(date) = date.filter(|d| d.year() == self.year) {
            self.out.push(Holiday { date, kind, observed });
        }
    }

    fn fixed(&mut self, month: u32, day: u32, kind: HolidayKind) {
        self.add(NaiveDate::from_ymd_opt(self.year, month, day), kind);
    }
}

fn france(c: &mut Collector, region: Option<Region>) {
    use HolidayKind::*;
    let easter = easter_sunday(c.year);
    c.fixed(1, 1, NewYearsDay);
    if region == Some(Region::AlsaceMoselle) {
        c.add(offset(easter, -2), GoodFriday);
    }
    c.add(offset(easter, 1), EasterMonday);
    c.fixed(5, 1, LabourDay);
    // 8 May was not a holiday from 1960 to 1981.
    if !(1960..=1981).contains(&c.year) {
        c.fixed(5, 8, VictoryInEuropeDay);
    }
    c.add(offset(easter, 39), AscensionDay);
    c.add(offset(easter, 50), WhitMonday);
    c.fixed(7, 14, BastilleDay);
    c.fixed(8, 15, AssumptionDay);
    c.fixed(11, 1, AllSaintsDay);
    c.fixed(11, 11, ArmisticeDay);
    c.fixed(12, 25, ChristmasDay);
    if region == Some(Region::AlsaceMoselle) {
        c.fixed(12, 26, StStephensDay);
    }
}

/// US rule: a holiday on Saturday is observed on the Friday before, on Sunday the Monday after.
fn us_observed(date: NaiveDate) -> Option<NaiveDate> {
    match date.weekday() {
        Weekday::Sat => date.pred_opt(),
        Weekday::Sun => date.succ_opt(),
        _ => None,
    }
}

fn united_states(c: &mut Collector) {
    use HolidayKind::*;
    let y = c.year;
    let fixed_with_observed = |c: &mut Collector, year: i32, month, day, kind| {
        let date = NaiveDate::from_ymd_opt(year, month, day);
        c.add(date, kind);
        c.push(date.and_then(us_observed), kind, true);
    };
    fixed_with_observed(c, y, 1, 1, NewYearsDay);
    // Next year's 1 January on a Saturday is observed on this year's 31 December.
    if let Some(next) = y.checked_add(1) {
        c.push(NaiveDate::from_ymd_opt(next, 1, 1).and_then(us_observed), NewYearsDay, true);
    }
    if y >= 1986 {
        c.add(nth_weekday(y, 1, Weekday::Mon, 3), MartinLutherKingDay);
    }
    c.add(nth_weekday(y, 2, Weekday::Mon, 3), WashingtonsBirthday);
    c.add(nth_weekday(y, 5, Weekday::Mon, -1), MemorialDay);
    if y >= 2021 {
        fixed_with_observed(c, y, 6, 19, Juneteenth);
    }
    fixed_with_observed(c, y, 7, 4, IndependenceDay);
    c.add(nth_weekday(y, 9, Weekday::Mon, 1), UsLaborDay);
    c.add(nth_weekday(y, 10, Weekday::Mon, 2), ColumbusDay);
    fixed_with_observed(c, y, 11, 11, VeteransDay);
    c.add(nth_weekday(y, 11, Weekday::Thu, 4), Thanksgiving);
    fixed_with_observed(c, y, 12, 25, ChristmasDay);
}

/// The next weekday on or after `date` that is not in `taken`.
fn uk_substitute(date: NaiveDate, taken: &[NaiveDate]) -> Option<NaiveDate> {
    let mut d = date;
    while is_weekend(d) || taken.contains(&d) {
        d = d.succ_opt()?;
    }
    Some(d)
}

fn united_kingdom(c: &mut Collector) {
    use HolidayKind::*;
    let y = c.year;
    let easter = easter_sunday(y);
    let date = |m, d| NaiveDate::from_ymd_opt(y, m, d);

    let new_year = date(1, 1);
    c.add(new_year, NewYearsDay);
    if let Some(d) = new_year.filter(|d| is_weekend(*d)) {
        c.push(uk_substitute(d, &[]), NewYearsDay, true);
    }
    c.add(offset(easter, -2), GoodFriday);
    c.add(offset(easter, 1), EasterMonday);

    // One-off moves of a regular bank holiday, and one-off extra days.
    let early_may = match y {
        1995 | 2020 => date(5, 8),
        _ if y >= 1978 => nth_weekday(y, 5, Weekday::Mon, 1),
        _ => None,
    };
    c.add(early_may, EarlyMayBankHoliday);
    let spring = match y {
        2002 | 2012 => date(6, 4),
        2022 => date(6, 2),
        _ if y >= 1971 => nth_weekday(y, 5, Weekday::Mon, -1),
        _ => None,
    };
    c.add(spring, SpringBankHoliday);
    let extras: &[(i32, u32, u32, HolidayKind)] = &[
        (1999, 12, 31, MillenniumHoliday),
        (2002, 6, 3, JubileeHoliday),
        (2011, 4, 29, RoyalWedding),
        (2012, 6, 5, JubileeHoliday),
        (2022, 6, 3, JubileeHoliday),
        (2022, 9, 19, StateFuneral),
        (2023, 5, 8, Coronation),
    ];
    for &(ey, m, d, kind) in extras.iter().filter(|e| e.0 == y) {
        c.add(NaiveDate::from_ymd_opt(ey, m, d), kind);
    }
    if y >= 1971 {
        c.add(nth_weekday(y, 8, Weekday::Mon, -1), SummerBankHoliday);
    }

    // Christmas and Boxing Day: a day on a weekend moves to the next free weekday.
    let christmas = date(12, 25);
    let boxing = date(12, 26);
    c.add(christmas, ChristmasDay);
    c.add(boxing, BoxingDay);
    let mut taken: Vec<NaiveDate> = [christmas, boxing].into_iter().flatten().collect();
    for (day, kind) in [(christmas, ChristmasDay), (boxing, BoxingDay)] {
        if let Some(d) = day.filter(|d| is_weekend(*d)) {
            let sub = uk_substitute(d, &taken);
            if let Some(s) = sub {
                taken.push(s);
            }
            c.push(sub, kind, true);
        }
    }
}

fn germany(c: &mut Collector) {
    use HolidayKind::*;
    let easter = easter_sunday(c.year);
    c.fixed(1, 1, NewYearsDay);
    c.add(offset(easter, -2), GoodFriday);
    c.add(offset(easter, 1), EasterMonday);
    c.fixed(5, 1, LabourDay);
    c.add(offset(easter, 39), AscensionDay);
    c.add(offset(easter, 50), WhitMonday);
    if c.year >= 1990 {
        c.fixed(10, 3, GermanUnityDay);
    }
    // The 500th anniversary of the Reformation was a holiday in every Land.
    if c.year == 2017 {
        c.fixed(10, 31, ReformationDay);
    }
    c.fixed(12, 25, ChristmasDay);
    c.fixed(12, 26, SecondDayOfChristmas);
}

/// The public holidays of `country` (and `region`, if it belongs to that country; a region
/// of another country adds nothing) in `year`, sorted by date.
pub fn holidays(country: Country, region: Option<Region>, year: i32) -> Vec<Holiday> {
    let region = region.filter(|r| r.country() == country);
    let mut c = Collector { year, out: Vec::with_capacity(16) };
    match country {
        Country::France => france(&mut c, region),
        Country::UnitedStates => united_states(&mut c),
        Country::UnitedKingdom => united_kingdom(&mut c),
        Country::Germany => germany(&mut c),
    }
    c.out.sort_by_key(|h| (h.date, h.kind, h.observed));
    c.out.dedup();
    c.out
}

/// The public holiday of `country` (and `region`) on `date`, if there is one (a holiday's own
/// date before an observed day off falling on the same date).
pub fn holiday_on(country: Country, region: Option<Region>, date: NaiveDate) -> Option<Holiday> {
    holidays(country, region, date.year())
        .into_iter()
        .filter(|h| h.date == date)
        .min_by_key(|h| h.observed)
}

/// Sorted, unique holiday dates over a range of years, with the day-level questions a
/// forecaster asks (is it a holiday, how far is the next one, is it a bridge day).
#[derive(Debug, Clone, PartialEq)]
pub struct HolidayCalendar {
    first_year: i32,
    last_year: i32,
    dates: Vec<NaiveDate>,
}

impl HolidayCalendar {
    /// The holidays of `country`/`region` from `first_year` to `last_year` inclusive.
    pub fn new(country: Country, region: Option<Region>, first_year: i32, last_year: i32) -> Self {
        let mut dates: Vec<NaiveDate> = (first_year..=last_year)
            .flat_map(|y| holidays(country, region, y))
            .map(|h| h.date)
            .collect();
        dates.sort_unstable();
        dates.dedup();
        Self { first_year, last_year, dates }
    }

    /// Whether answers about `date` are exact: its year and both neighbouring years are
    /// covered (distances look up to a year away).
    pub fn covers(&self, date: NaiveDate) -> bool {
        let y = date.year();
        y > self.first_year && y < self.last_year
    }

    /// Whether `date` is a public holiday (its own date or an observed/substitute day).
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.dates.binary_search(&date).is_ok()
    }

    /// Days from `date` to the next holiday strictly after it, at most `cap_days`.
    pub fn days_until_next(&self, date: NaiveDate, cap_days: u32) -> u32 {
        let i = self.dates.partition_point(|d| *d <= date);
        self.dates.get(i).map_or(cap_days, |d| capped_days(*d - date, cap_days))
    }

    /// Days from the last holiday strictly before `date` to `date`, at most `cap_days`.
    pub fn days_since_last(&self, date: NaiveDate, cap_days: u32) -> u32 {
        let i = self.dates.partition_point(|d| *d < date);
        i.checked_sub(1)
            .and_then(|j| self.dates.get(j))
            .map_or(cap_days, |d| capped_days(date - *d, cap_days))
    }

    /// Number of holiday dates in `[start, end)`.
    pub fn count_between(&self, start: NaiveDate, end: NaiveDate) -> usize {
        let lo = self.dates.partition_point(|d| *d < start);
        let hi = self.dates.partition_point(|d| *d < end);
        hi.saturating_sub(lo)
    }

    /// Whether `date` is a working day squeezed between a holiday and a day off: the Friday
    /// after Ascension Thursday, the Monday before a Tuesday holiday, a day between two holidays.
    pub fn is_bridge_day(&self, date: NaiveDate) -> bool {
        let off = |d: Option<NaiveDate>| d.is_some_and(|d| is_weekend(d) || self.is_holiday(d));
        let holiday = |d: Option<NaiveDate>| d.is_some_and(|d| self.is_holiday(d));
        if is_weekend(date) || self.is_holiday(date) {
            return false;
        }
        let (before, after) = (date.pred_opt(), date.succ_opt());
        (holiday(before) && off(after)) || (off(before) && holiday(after))
    }
}

fn capped_days(gap: Duration, cap_days: u32) -> u32 {
    u32::try_from(gap.num_days()).map_or(cap_days, |d| d.min(cap_days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn dates_of(
        country: Country,
        region: Option<Region>,
        year: i32,
        kind: HolidayKind,
    ) -> Vec<NaiveDate> {
        holidays(country, region, year).iter().filter(|h| h.kind == kind).map(|h| h.date).collect()
    }

    #[test]
    fn the_holiday_on_a_date_is_named_with_its_region_and_observed_day() {
        use HolidayKind::*;
        let on = |c, r, date| holiday_on(c, r, date).map(|h| (h.kind, h.observed));
        assert_eq!(on(Country::France, None, d(2024, 12, 25)), Some((ChristmasDay, false)));
        assert_eq!(on(Country::France, None, d(2024, 12, 24)), None);
        assert_eq!(on(Country::France, None, d(2024, 12, 26)), None);
        let alsace = Some(Region::AlsaceMoselle);
        assert_eq!(on(Country::France, alsace, d(2024, 12, 26)), Some((StStephensDay, false)));
        // Christmas 2022 fell on a Sunday: the US day off was Monday the 26th.
        assert_eq!(on(Country::UnitedStates, None, d(2022, 12, 26)), Some((ChristmasDay, true)));
    }

    #[test]
    fn easter_matches_the_published_dates() {
        let known = [
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2020, 4, 12),
            (2023, 4, 9),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2038, 4, 25),
        ];
        for (y, m, day) in known {
            assert_eq!(easter_sunday(y), Some(d(y, m, day)), "Easter {y}");
        }
    }

    #[test]
    fn french_moveable_feasts_follow_easter() {
        let f = |y, k| dates_of(Country::France, None, y, k);
        assert_eq!(f(2024, HolidayKind::AscensionDay), vec![d(2024, 5, 9)]);
        assert_eq!(f(2024, HolidayKind::WhitMonday), vec![d(2024, 5, 20)]);
        assert_eq!(f(2024, HolidayKind::EasterMonday), vec![d(2024, 4, 1)]);
        assert_eq!(f(2025, HolidayKind::AscensionDay), vec![d(2025, 5, 29)]);
        assert_eq!(f(2025, HolidayKind::WhitMonday), vec![d(2025, 6, 9)]);
        assert_eq!(holidays(Country::France, None, 2024).len(), 11);
        assert!(f(2024, HolidayKind::GoodFriday).is_empty());
    }

    #[test]
    fn alsace_moselle_adds_good_friday_and_st_stephen() {
        let all = holidays(Country::France, Some(Region::AlsaceMoselle), 2024);
        assert_eq!(all.len(), 13);
        let kinds: Vec<_> = all.iter().map(|h| (h.date, h.kind)).collect();
        assert!(kinds.contains(&(d(2024, 3, 29), HolidayKind::GoodFriday)));
        assert!(kinds.contains(&(d(2024, 12, 26), HolidayKind::StStephensDay)));
        // A French region asked for another country adds nothing.
        assert_eq!(holidays(Country::Germany, Some(Region::AlsaceMoselle), 2024).len(), 9);
    }

    #[test]
    fn us_federal_holidays_with_observed_days() {
        let us = |y, k| dates_of(Country::UnitedStates, None, y, k);
        assert_eq!(us(2024, HolidayKind::Thanksgiving), vec![d(2024, 11, 28)]);
        assert_eq!(us(2023, HolidayKind::Thanksgiving), vec![d(2023, 11, 23)]);
        assert_eq!(us(2024, HolidayKind::MemorialDay), vec![d(2024, 5, 27)]);
        assert_eq!(us(2024, HolidayKind::MartinLutherKingDay), vec![d(2024, 1, 15)]);
        assert_eq!(us(2024, HolidayKind::UsLaborDay), vec![d(2024, 9, 2)]);
        // 4 July 2026 is a Saturday: observed on Friday 3 July.
        assert_eq!(us(2026, HolidayKind::IndependenceDay), vec![d(2026, 7, 3), d(2026, 7, 4)]);
        // 25 December 2022 is a Sunday: observed on Monday 26.
        assert_eq!(us(2022, HolidayKind::ChristmasDay), vec![d(2022, 12, 25), d(2022, 12, 26)]);
        // 1 January 2022 is a Saturday: observed on Friday 31 December 2021.
        assert_eq!(us(2021, HolidayKind::NewYearsDay), vec![d(2021, 1, 1), d(2021, 12, 31)]);
        assert!(us(2020, HolidayKind::Juneteenth).is_empty());
        assert_eq!(us(2021, HolidayKind::Juneteenth), vec![d(2021, 6, 18), d(2021, 6, 19)]);
    }

    #[test]
    fn uk_bank_holidays_with_substitutes_and_one_off_changes() {
        let uk = |y, k| dates_of(Country::UnitedKingdom, None, y, k);
        // 2020: early May moved to Friday 8 May for VE day.
        assert_eq!(uk(2020, HolidayKind::EarlyMayBankHoliday), vec![d(2020, 5, 8)]);
        assert_eq!(uk(2024, HolidayKind::EarlyMayBankHoliday), vec![d(2024, 5, 6)]);
        assert_eq!(uk(2024, HolidayKind::SpringBankHoliday), vec![d(2024, 5, 27)]);
        assert_eq!(uk(2024, HolidayKind::SummerBankHoliday), vec![d(2024, 8, 26)]);
        assert_eq!(uk(2022, HolidayKind::SpringBankHoliday), vec![d(2022, 6, 2)]);
        assert_eq!(uk(2022, HolidayKind::StateFuneral), vec![d(2022, 9, 19)]);
        // Christmas 2021 on Saturday, Boxing Day on Sunday: substitutes Monday 27 and Tuesday 28.
        assert_eq!(uk(2021, HolidayKind::ChristmasDay), vec![d(2021, 12, 25), d(2021, 12, 27)]);
        assert_eq!(uk(2021, HolidayKind::BoxingDay), vec![d(2021, 12, 26), d(2021, 12, 28)]);
        // Christmas 2022 on Sunday: Boxing Day Monday 26, Christmas substitute Tuesday 27.
        assert_eq!(uk(2022, HolidayKind::ChristmasDay), vec![d(2022, 12, 25), d(2022, 12, 27)]);
        assert_eq!(uk(2022, HolidayKind::BoxingDay), vec![d(2022, 12, 26)]);
        // 1 January 2023 on Sunday: substitute Monday 2 January.
        assert_eq!(uk(2023, HolidayKind::NewYearsDay), vec![d(2023, 1, 1), d(2023, 1, 2)]);
        assert_eq!(uk(2024, HolidayKind::GoodFriday), vec![d(2024, 3, 29)]);
    }

    #[test]
    fn german_national_holidays() {
        let de = holidays(Country::Germany, None, 2024);
        let dates: Vec<_> = de.iter().map(|h| h.date).collect();
        assert_eq!(
            dates,
            vec![
                d(2024, 1, 1),
                d(2024, 3, 29),
                d(2024, 4, 1),
                d(2024, 5, 1),
                d(2024, 5, 9),
                d(2024, 5, 20),
                d(2024, 10, 3),
                d(2024, 12, 25),
                d(2024, 12, 26)
            ]
        );
        assert_eq!(
            dates_of(Country::Germany, None, 2017, HolidayKind::ReformationDay),
            vec![d(2017, 10, 31)]
        );
    }

    #[test]
    fn calendar_answers_distance_and_bridge_questions() {
        let cal = HolidayCalendar::new(Country::France, None, 2023, 2025);
        assert!(cal.covers(d(2024, 6, 1)));
        assert!(!cal.covers(d(2025, 6, 1)));
        assert!(cal.is_holiday(d(2024, 5, 9)));
        assert!(!cal.is_holiday(d(2024, 5, 10)));
        // Friday after Ascension Thursday 2024.
        assert!(cal.is_bridge_day(d(2024, 5, 10)));
        // Monday 31 October 2022 was before Tuesday 1 November; check 2023's equivalent:
        // 2023-11-01 is a Wednesday, so no bridge on Tuesday 31 October.
        assert!(!cal.is_bridge_day(d(2023, 10, 31)));
        // 2024-05-07 (Tuesday) sits between Monday 6 and Wednesday 8 May: not a bridge.
        assert!(!cal.is_bridge_day(d(2024, 5, 7)));
        assert_eq!(cal.days_until_next(d(2024, 5, 6), 30), 2);
        assert_eq!(cal.days_since_last(d(2024, 5, 6), 30), 5);
        // On a holiday the distances look strictly past it: 8 May to Ascension is 1 day.
        assert_eq!(cal.days_until_next(d(2024, 5, 8), 30), 1);
        assert_eq!(cal.days_since_last(d(2024, 5, 8), 30), 7);
        assert_eq!(cal.days_until_next(d(2024, 9, 1), 30), 30);
        // May 2024 in France: 1, 8, 9 (Ascension) and 20 (Whit Monday).
        assert_eq!(cal.count_between(d(2024, 5, 1), d(2024, 6, 1)), 4);
        let fr22 = HolidayCalendar::new(Country::France, None, 2021, 2023);
        assert!(fr22.is_bridge_day(d(2022, 10, 31)));
    }

    #[test]
    fn extreme_years_do_not_panic() {
        for y in [i32::MIN, -5000, 0, 1582, 9999, 262_142, i32::MAX] {
            for c in
                [Country::France, Country::UnitedStates, Country::UnitedKingdom, Country::Germany]
            {
                let _ = holidays(c, Some(Region::AlsaceMoselle), y);
            }
        }
        assert_eq!(holidays(Country::France, None, i32::MAX), vec![]);
    }
}
