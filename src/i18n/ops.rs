//! Sentences of the production screens that carry data: verdicts, append reports, task
//! progress and failures, drift levels. Fixed labels are in [`super::ui`].

use prevision_engine::ab::AbShortSeries;
use prevision_engine::compare::{GateDecision, GateReason, Verdict};
use prevision_engine::drift::{AlertMetric, DriftLevel, Severity};

use super::Lang;
use crate::ops::TaskKind;
use crate::ops_protocol::OpsFailure;

impl Lang {
    /// A p-value in words-friendly form ("0.012", "< 0.001").
    pub fn p_value(self, p: f64) -> String {
        if p.is_nan() {
            "—".to_owned()
        } else if p < 0.001 {
            format!("< {}", self.number(0.001, 3))
        } else {
            self.fixed(p, 3)
        }
    }

    /// The gate's verdict as a sentence, with the p-value and level.
    pub fn gate_sentence(self, d: &GateDecision) -> String {
        let (p, alpha) = match d.reason {
            GateReason::CandidateSignificantlyBetter { p_value, alpha }
            | GateReason::NoSignificantDifference { p_value, alpha }
            | GateReason::CandidateSignificantlyWorse { p_value, alpha } => (p_value, alpha),
        };
        let p = self.p_value(p);
        let level = self.level(alpha);
        match (self, d.verdict) {
            (Lang::En, Verdict::Better) => format!(
                "Better: the candidate's errors are significantly smaller (p = {p}, level {level}). It may replace the version in service."
            ),
            (Lang::En, Verdict::NoSignificantDifference) => format!(
                "No significant difference (p = {p}, level {level}): the candidate is not worse, so the gate lets it replace the version in service."
            ),
            (Lang::En, Verdict::Worse) => format!(
                "Worse: the candidate's errors are significantly larger (p = {p}, level {level}). The gate blocks it: keep the version in service."
            ),
            (Lang::Fr, Verdict::Better) => format!(
                "Meilleure : les erreurs de la candidate sont significativement plus petites (p = {p}, seuil {level}). Elle peut remplacer la version en service."
            ),
            (Lang::Fr, Verdict::NoSignificantDifference) => format!(
                "Pas de différence significative (p = {p}, seuil {level}) : la candidate n'est pas moins bonne, le test la laisse remplacer la version en service."
            ),
            (Lang::Fr, Verdict::Worse) => format!(
                "Moins bonne : les erreurs de la candidate sont significativement plus grandes (p = {p}, seuil {level}). Le test la bloque : gardez la version en service."
            ),
        }
    }

    /// Series too new for every window of a comparison of `windows`, named by the shortest:
    /// compared on the latest windows they hold, or left out.
    pub fn ab_short_series(self, short: &AbShortSeries, windows: usize) -> String {
        let AbShortSeries { series, history, count, held } = short;
        let more = count.saturating_sub(1);
        match self {
            Lang::En => {
                let values = self.counted(*history, "observed value", "observed values");
                let all = match windows {
                    1 => "the comparison's window".to_owned(),
                    n => format!("the comparison's {n} windows"),
                };
                let how = match held {
                    0 => "it is left out of it".to_owned(),
                    1 => "it is compared on the latest only".to_owned(),
                    n => format!("it is compared on the latest {n} only"),
                };
                let others = match more {
                    0 => String::new(),
                    n => format!(
                        " {} likewise.",
                        self.counted(n, "other new series", "other new series")
                    ),
                };
                format!("Series \"{series}\" ({values}) is too new for {all}: {how}.{others}")
            }
            Lang::Fr => {
                let values = self.counted(*history, "valeur observée", "valeurs observées");
                let all = match windows {
                    1 => "la fenêtre de la comparaison".to_owned(),
                    n => format!("les {n} fenêtres de la comparaison"),
                };
                let how = match held {
                    0 => "elle en est écartée".to_owned(),
                    1 => "elle n'est comparée que sur la dernière".to_owned(),
                    n => format!("elle n'est comparée que sur les {n} dernières"),
                };
                let others = match more {
                    0 => String::new(),
                    n => format!(
                        " De même pour {}.",
                        self.counted(n, "autre série récente", "autres séries récentes")
                    ),
                };
                format!(
                    "La série « {series} » ({values}) est trop récente pour {all} : {how}.{others}"
                )
            }
        }
    }

    /// Where a production task stands.
    pub fn task_progress(self, kind: TaskKind, done: usize, total: usize) -> String {
        let what = match (self, kind) {
            (Lang::En, TaskKind::Compare) => "Refitting both versions on the same windows",
            (Lang::En, TaskKind::Retrain) => "Appending, retraining and comparing",
            (Lang::En, TaskKind::Monitor) => "Measuring drift",
            (Lang::En, TaskKind::LoadTest) => "Scoring events",
            (Lang::Fr, TaskKind::Compare) => {
                "Réajustement des deux versions sur les mêmes fenêtres"
            }
            (Lang::Fr, TaskKind::Retrain) => "Ajout, réentraînement et comparaison",
            (Lang::Fr, TaskKind::Monitor) => "Mesure de la dérive",
            (Lang::Fr, TaskKind::LoadTest) => "Calcul des prédictions",
        };
        if total == 0 {
            format!("{what}…")
        } else {
            let sep = if self == Lang::En { ": " } else { " : " };
            format!("{what}{sep}{} / {}", self.count(done.min(total)), self.count(total))
        }
    }

    /// Why a production task failed, with what to do.
    pub fn task_failure(self, failure: OpsFailure, detail: &str) -> String {
        let head = match (self, failure) {
            (Lang::En, OpsFailure::Ingest) => {
                "A file could not be read with the current column roles."
            }
            (Lang::En, OpsFailure::Version) => "A stored version could not be read.",
            (Lang::En, OpsFailure::Append) => {
                "The newer file does not fit the loaded data (same columns and frequency are needed)."
            }
            (Lang::En, OpsFailure::Engine) => "The engine could not do this with these data.",
            (Lang::En, OpsFailure::NothingNew) => {
                "The version in service was trained on every loaded row: there is nothing newer to compare with its training window. Choose a newer file in New data, then check again."
            }
            (Lang::Fr, OpsFailure::NothingNew) => {
                "La version en service a été entraînée sur toutes les lignes chargées : rien de plus récent à comparer à sa fenêtre d'entraînement. Choisissez un fichier plus récent dans Nouvelles données, puis vérifiez à nouveau."
            }
            (Lang::En, OpsFailure::BadRequest) => {
                "The page and the engine come from different builds: reload the page."
            }
            (Lang::En, OpsFailure::Crashed) => {
                "The engine stopped unexpectedly (perhaps out of memory). It has been restarted: try fewer events."
            }
            (Lang::Fr, OpsFailure::Ingest) => {
                "Un fichier n'a pas pu être lu avec les rôles de colonnes actuels."
            }
            (Lang::Fr, OpsFailure::Version) => "Une version enregistrée n'a pas pu être lue.",
            (Lang::Fr, OpsFailure::Append) => {
                "Le fichier récent ne correspond pas aux données chargées (il faut les mêmes colonnes et la même fréquence)."
            }
            (Lang::Fr, OpsFailure::Engine) => "Le moteur n'a pas pu le faire avec ces données.",
            (Lang::Fr, OpsFailure::BadRequest) => {
                "La page et le moteur viennent de versions différentes : rechargez la page."
            }
            (Lang::Fr, OpsFailure::Crashed) => {
                "Le moteur s'est arrêté de façon inattendue (mémoire insuffisante ?). Il a été relancé : essayez avec moins d'événements."
            }
        };
        if detail.is_empty() {
            head.to_owned()
        } else {
            let engine =
                if self == Lang::En { "Engine detail" } else { "Détail du moteur (en anglais)" };
            format!("{head} {engine}: {detail}")
        }
    }

    /// A drift level in words.
    pub fn drift_level(self, level: Option<DriftLevel>) -> &'static str {
        use crate::i18n::Ui;
        match level {
            None => self.ui(Ui::NotMeasurable),
            Some(DriftLevel::Stable) => self.ui(Ui::LevelStable),
            Some(DriftLevel::Moderate) => self.ui(Ui::LevelModerate),
            Some(DriftLevel::Significant) => self.ui(Ui::LevelSignificant),
        }
    }

    /// A severity in words.
    pub fn severity(self, s: Severity) -> &'static str {
        use crate::i18n::Ui;
        match s {
            Severity::Info => self.ui(Ui::SeverityInfo),
            Severity::Warning => self.ui(Ui::SeverityWarning),
            Severity::Critical => self.ui(Ui::SeverityCritical),
        }
    }

    /// An alert metric in words.
    pub fn alert_metric(self, m: AlertMetric) -> &'static str {
        use crate::i18n::Ui;
        match m {
            AlertMetric::Psi => self.ui(Ui::MetricPsi),
            AlertMetric::Ks => self.ui(Ui::MetricKs),
            AlertMetric::LiveErrorRatio => self.ui(Ui::MetricLiveError),
        }
    }

    /// A date and time from Unix milliseconds, in this language's order.
    pub fn created(self, ms: f64) -> String {
        chrono::DateTime::from_timestamp_millis(ms as i64)
            .map(|t| self.timestamp(t.naive_utc()))
            .unwrap_or_default()
    }

    /// A number of bytes: in KB under a mebibyte, else as [`Lang::megabytes`] writes it.
    pub fn bytes(self, bytes: f64) -> String {
        if bytes >= 1_048_576.0 {
            return self.megabytes(bytes as u64);
        }
        let kb = self.number(bytes / 1024.0, 1);
        match self {
            Lang::En => format!("{kb} KB"),
            Lang::Fr => format!("{kb}\u{a0}Ko"),
        }
    }

    /// Milliseconds, with enough decimals to read a sub-millisecond latency.
    pub fn millis(self, ms: f64) -> String {
        if ms.is_nan() {
            return "—".to_owned();
        }
        let decimals = if ms >= 10.0 {
            1
        } else if ms >= 0.1 {
            3
        } else {
            4
        };
        format!("{} ms", self.number(ms, decimals))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_too_new_for_the_comparison_is_named_in_both_languages() {
        let short = AbShortSeries { series: "Nice".into(), history: 20, count: 2, held: 0 };
        assert_eq!(
            Lang::En.ab_short_series(&short, 5),
            "Series \"Nice\" (20 observed values) is too new for the comparison's 5 windows: it \
             is left out of it. 1 other new series likewise."
        );
        let short = AbShortSeries { series: "Lille".into(), history: 32, count: 1, held: 2 };
        assert_eq!(
            Lang::Fr.ab_short_series(&short, 5),
            "La série « Lille » (32 valeurs observées) est trop récente pour les 5 fenêtres de la \
             comparaison : elle n'est comparée que sur les 2 dernières."
        );
    }
}
