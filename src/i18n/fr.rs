//! French text for every [`Msg`].
//!
//! One exhaustive `match`: a new message without its French text does not compile. Engine
//! enums marked `#[non_exhaustive]` need a `_` arm; `clippy::wildcard_enum_match_arm` (denied
//! below) still flags any *known* variant that falls into it. French typography: a no-break
//! space inside « » and before a colon.
#![deny(clippy::wildcard_enum_match_arm)]

use chrono::Weekday;
use prevision_engine::forecast::reuse::ModelMismatch;
use prevision_engine::frame::Frequency;
use prevision_engine::ingest::{
    ColumnKind, ColumnRole, DateFormat, DateOrder, DecimalMark, DuplicatePolicy, Encoding,
    FillPolicy, IngestError, IngestWarning, NotCsvKind, RejectReason, ZoneHandling,
};

use super::{Lang, Msg};
use crate::state::LoadError;
use prevision_engine::datasets::BuiltinDataset;

const L: Lang = Lang::Fr;

/// `value` between French quotation marks with no-break spaces.
fn q(value: &str) -> String {
    format!("«\u{a0}{value}\u{a0}»")
}

/// The French text of `msg`.
pub(super) fn text(msg: &Msg<'_>) -> String {
    match msg {
        Msg::AppName => "Prevision".into(),
        Msg::Tagline => "Des prévisions vérifiables, à partir de vos propres fichiers".into(),
        Msg::LanguageSwitch => "Langue".into(),
        Msg::LanguageName(lang) => match lang {
            Lang::En => "English".into(),
            Lang::Fr => "Français".into(),
        },
        Msg::PrivacyNote => "Vos données ne quittent jamais cet ordinateur\u{a0}: tout se passe \
                             dans votre navigateur."
            .into(),

        Msg::StartTitle => "Chargez votre historique".into(),
        Msg::StartHint => "Un fichier CSV avec une colonne de dates et une colonne de nombres. \
                           Les exports Excel conviennent tels quels\u{a0}: points-virgules, \
                           virgules décimales, dates jour/mois/année."
            .into(),
        Msg::ChooseFile => "Choisir un fichier CSV".into(),
        Msg::DropZoneIdle => "Déposez un fichier CSV ici, ou appuyez pour en choisir un".into(),
        Msg::DropZoneActive => "Relâchez pour charger le fichier".into(),
        Msg::AcceptedTypes => ".csv, .tsv ou .txt".into(),
        Msg::BuiltInTitle => "Ou essayez un jeu de données intégré".into(),
        Msg::DatasetName(d) => match d {
            BuiltinDataset::RetailDemo => "Magasin, ventes par jour (démo)".into(),
            BuiltinDataset::BikeSharing => "Vélos en libre-service, par jour".into(),
            BuiltinDataset::DrinksSales => "Ventes de boissons, par mois".into(),
        },
        Msg::DatasetDescription(d) => match d {
            BuiltinDataset::RetailDemo => "Ventes quotidiennes synthétiques d'une boutique : un \
                                            rythme hebdomadaire, les jours fériés français et des \
                                            promotions planifiées."
                .into(),
            BuiltinDataset::BikeSharing => {
                "Vélos loués chaque jour à Washington (D.C.), 2011–2012.".into()
            }
            BuiltinDataset::DrinksSales => {
                "Ventes en gros de bière, vin et spiritueux aux États-Unis, 1992–2017.".into()
            }
        },
        Msg::DatasetAttribution(d) => match d {
            BuiltinDataset::RetailDemo => "Données synthétiques produites par Prevision \
                                            (graine 2024), libres de réutilisation (CC0)"
                .into(),
            BuiltinDataset::BikeSharing => "Données Capital Bikeshare via le jeu UCI Bike \
                                            Sharing, Fanaee-T & Gama (2013), CC BY 4.0"
                .into(),
            BuiltinDataset::DrinksSales => "US Census Bureau, domaine public".into(),
        },
        Msg::LoadDataset(_) => "Charger".into(),

        Msg::Reading { source } => format!("Lecture et vérification de {source}…"),
        Msg::ErrorTitle { source: "" } => "Rien n'a pu être chargé".into(),
        Msg::ErrorTitle { source } => format!("Impossible de charger {source}"),
        Msg::LoadFailed(e) => load_failed(e),
        Msg::LoadAdvice(e) => load_advice(e),
        Msg::ErrorNextStep => "Vous pouvez déposer un autre fichier ou charger un jeu de données \
                               intégré\u{a0}: la page continue de fonctionner."
            .into(),
        Msg::NothingLoaded => {
            "Choisissez un fichier ou un jeu de données intégré pour voir son rapport.".into()
        }
        Msg::CrashTitle => "Prevision s'est arrêté à cause d'une erreur interne.".into(),
        Msg::CrashNextStep => {
            "Vos données n'ont été envoyées nulle part. Rechargez la page pour recommencer.".into()
        }
        Msg::Reload => "Recharger".into(),

        Msg::ReportTitle { source } => format!("Vérification des données\u{a0}: {source}"),
        Msg::RowsRead => "lignes lues".into(),
        Msg::RowsLoaded => "lignes chargées".into(),
        Msg::RowsRejected => "lignes rejetées".into(),
        Msg::MissingSteps => "dates manquantes".into(),
        Msg::OutliersFound => "valeurs atypiques".into(),

        Msg::FileFacts => "Le fichier".into(),
        Msg::FactEncoding => "Encodage".into(),
        Msg::FactDelimiter => "Séparateur".into(),
        Msg::FactDecimal => "Séparateur décimal".into(),
        Msg::FactDateColumn => "Colonne de dates".into(),
        Msg::FactDateFormat => "Format des dates".into(),
        Msg::FactZones => "Fuseaux horaires".into(),
        Msg::FactTargetColumn => "Valeur à prévoir".into(),
        Msg::FactIdColumns => "Séries identifiées par".into(),
        Msg::FactFrequency => "Fréquence".into(),
        Msg::FactDateRange => "Dates".into(),
        Msg::FactSeriesCount => "Séries".into(),
        Msg::SingleSeries => "une seule série (pas de colonne d'identifiant)".into(),
        Msg::EncodingName(e) => match e {
            Encoding::Utf8 => "UTF-8".into(),
            Encoding::Utf8Bom => "UTF-8 avec indicateur d'ordre des octets (BOM)".into(),
            Encoding::Windows1252 => "Windows-1252 (Europe occidentale)".into(),
            Encoding::Utf16Le => "UTF-16 petit-boutiste".into(),
            Encoding::Utf16Be => "UTF-16 gros-boutiste".into(),
        },
        Msg::DelimiterName(c) => match c {
            ',' => "virgule ( , )".into(),
            ';' => "point-virgule ( ; )".into(),
            '\t' => "tabulation".into(),
            '|' => "barre verticale ( | )".into(),
            other => q(&other.to_string()),
        },
        Msg::DecimalName(d) => match d {
            DecimalMark::Dot => "point (12.5)".into(),
            DecimalMark::Comma => "virgule (12,5)".into(),
        },
        Msg::DateFormatName(f) => date_format(*f),
        Msg::DateOrderName(o) => match o {
            DateOrder::DayFirst => "jour/mois/année".into(),
            DateOrder::MonthFirst => "mois/jour/année".into(),
            DateOrder::YearFirst => "année-mois-jour".into(),
        },
        Msg::ZoneName(z) => match z {
            ZoneHandling::NoneInFile => "aucun dans le fichier".into(),
            ZoneHandling::ConvertedToUtc => "convertis en UTC".into(),
            ZoneHandling::WrittenDatesKept => "ignorés (dates gardées telles qu'écrites)".into(),
        },
        Msg::FrequencyName(f) => frequency(*f),
        Msg::DateRange { from, to } => format!("du {from} au {to}"),

        Msg::PreviewTitle => "Premières lignes".into(),
        Msg::PreviewNote { shown, total, series } if !L.is_plural(*shown) => format!(
            "La première ligne sur {} de la série {}, après nettoyage.",
            L.count(*total),
            q(series)
        ),
        Msg::PreviewNote { shown, total, series } => format!(
            "Les {} premières lignes sur {} de la série {}, après nettoyage.",
            L.count(*shown),
            L.count(*total),
            q(series)
        ),
        Msg::RejectedTitle => "Lignes rejetées".into(),
        Msg::NoRejected => "Toutes les lignes ont été lues.".into(),
        Msg::Reject(r) => reject(r),
        Msg::GapsTitle => "Dates manquantes".into(),
        Msg::NoGaps => "Aucune date ne manque.".into(),
        Msg::FillNote { policy, filled } => match policy {
            FillPolicy::Leave => "Les dates manquantes ont été ajoutées à la série et laissées \
                                  vides\u{a0}: rien n'a été inventé."
                .into(),
            FillPolicy::Zero if !L.is_plural(*filled) => {
                format!("{} valeur manquante a été mise à zéro.", L.count(*filled))
            }
            FillPolicy::Zero => {
                format!("{} valeurs manquantes ont été mises à zéro.", L.count(*filled))
            }
            FillPolicy::ForwardFill if !L.is_plural(*filled) => format!(
                "{} valeur manquante a été remplacée par la dernière valeur connue.",
                L.count(*filled)
            ),
            FillPolicy::ForwardFill => format!(
                "{} valeurs manquantes ont été remplacées par la dernière valeur connue.",
                L.count(*filled)
            ),
            FillPolicy::Linear if !L.is_plural(*filled) => format!(
                "{} valeur manquante a été complétée en ligne droite entre ses voisines.",
                L.count(*filled)
            ),
            FillPolicy::Linear => format!(
                "{} valeurs manquantes ont été complétées en ligne droite entre leurs voisines.",
                L.count(*filled)
            ),
            FillPolicy::Seasonal if !L.is_plural(*filled) => format!(
                "{} valeur manquante a été remplacée par la valeur de la saison précédente.",
                L.count(*filled)
            ),
            FillPolicy::Seasonal => format!(
                "{} valeurs manquantes ont été remplacées par la valeur de la saison précédente.",
                L.count(*filled)
            ),
        },
        Msg::DuplicatesTitle => "Dates répétées".into(),
        Msg::NoDuplicates => "Aucune date n'apparaît deux fois.".into(),
        Msg::DuplicateNote(p) => match p {
            DuplicatePolicy::Sum => "Les lignes de même date ont été additionnées.".into(),
            DuplicatePolicy::Mean => "Les lignes de même date ont été moyennées.".into(),
            DuplicatePolicy::Last => {
                "Pour les lignes de même date, la dernière a été conservée.".into()
            }
        },
        Msg::ColumnsTitle => "Colonnes".into(),
        Msg::RoleName(r) => match r {
            ColumnRole::Date => "date".into(),
            ColumnRole::Target => "valeur à prévoir".into(),
            ColumnRole::SeriesId => "identifiant de série".into(),
            ColumnRole::KnownInAdvance => "connue à l'avance".into(),
            ColumnRole::ObservedOnly => "observée après coup (utilisée avec un décalage)".into(),
            ColumnRole::Ignored => "non utilisée".into(),
        },
        Msg::KindName(k) => match k {
            ColumnKind::Numeric => "nombres".into(),
            ColumnKind::Categorical => "libellés".into(),
            ColumnKind::Date => "dates".into(),
            ColumnKind::Empty => "vide".into(),
        },
        Msg::OutliersTitle => "Valeurs atypiques".into(),
        Msg::NoOutliers => "Aucune valeur ne s'écarte de ses voisines.".into(),
        Msg::OutlierNote => "Valeurs éloignées de ce que suggèrent leurs voisines et le même \
                             moment des semaines, jours ou années proches (score robuste \
                             supérieur à 3,5). Elles sont conservées\u{a0}: vérifiez qu'elles \
                             sont réelles."
            .into(),
        Msg::OutliersOnHolidays { on_holidays, shown } => format!(
            "{} sur {} {} un jour férié du calendrier choisi dans le paramétrage\u{a0}: \
             les modèles à variables connaissent ces jours par les variables de jours fériés.",
            L.count(*on_holidays),
            L.counted(*shown, "valeur listée", "valeurs listées"),
            L.agree(*on_holidays, "tombe", "tombent")
        ),
        Msg::OnHoliday(h) if h.observed => {
            format!("{} (jour chômé en remplacement)", h.kind.name_fr())
        }
        Msg::OnHoliday(h) => h.kind.name_fr().into(),
        Msg::SummaryTitle => "Résumé par série".into(),
        Msg::SeasonalityTitle => "Motifs qui se répètent".into(),
        Msg::NoSeasonality => "Aucun motif répétitif net.".into(),
        Msg::PeriodSteps { steps, freq } => period(*steps, *freq),
        Msg::WarningsTitle => "Bon à savoir".into(),
        Msg::Warning(w) => warning(w),
        Msg::ModelMismatch(m) => model_mismatch(m),
        Msg::ListTruncated { shown, total } => {
            format!("Affichage des {} premiers sur {}.", L.count(*shown), L.count(*total))
        }

        Msg::ColLine => "Ligne".into(),
        Msg::ColColumn => "Colonne".into(),
        Msg::ColReason => "Motif".into(),
        Msg::ColSeries => "Série".into(),
        Msg::ColDate => "Date".into(),
        Msg::ColFrom => "Du".into(),
        Msg::ColTo => "Au".into(),
        Msg::ColMissingSteps => "Manquantes".into(),
        Msg::ColCount => "Lignes".into(),
        Msg::ColLines => "Lignes du fichier".into(),
        Msg::ColRole => "Rôle".into(),
        Msg::ColKind => "Contenu".into(),
        Msg::ColMissing => "Cellules vides".into(),
        Msg::ColInvalid => "Cellules illisibles".into(),
        Msg::ColDistinct => "Valeurs distinctes".into(),
        Msg::ColValue => "Valeur".into(),
        Msg::ColScore => "Score".into(),
        Msg::ColHoliday => "Jour férié".into(),
        Msg::ColRows => "Lignes".into(),
        Msg::ColObserved => "Valeurs".into(),
        Msg::ColFuture => "Lignes futures".into(),
        Msg::ColStart => "Première date".into(),
        Msg::ColLastObserved => "Dernière valeur le".into(),
        Msg::ColMean => "Moyenne".into(),
        Msg::ColStd => "Écart-type".into(),
        Msg::ColMin => "Min".into(),
        Msg::ColQ1 => "Q1".into(),
        Msg::ColMedian => "Médiane".into(),
        Msg::ColQ3 => "Q3".into(),
        Msg::ColMax => "Max".into(),
        Msg::ColPeriod => "Tous les".into(),
        Msg::ColStrength => "Force".into(),
        Msg::MissingCell => "manquante".into(),
    }
}

fn load_failed(e: &LoadError) -> String {
    match e {
        LoadError::Ingest(e) => ingest_error(e),
        LoadError::Unreadable => "Le navigateur n'a pas pu lire ce fichier.".into(),
        LoadError::TooLarge { size_bytes, limit_bytes } => format!(
            "Ce fichier pèse {}\u{a0}; la limite est de {}.",
            L.megabytes(*size_bytes),
            L.megabytes(*limit_bytes)
        ),
        LoadError::NoFile => "Ce qui a été déposé n'est pas un fichier.".into(),
        LoadError::EngineStopped => "Le moteur s'est arrêté avant d'avoir lu ce fichier\u{a0}: \
                                     le navigateur manque peut-être de mémoire."
            .into(),
    }
}

fn ingest_error(e: &IngestError) -> String {
    match e {
        IngestError::Empty => "Ce fichier est vide.".into(),
        IngestError::HeaderOnly => {
            "Ce fichier a une ligne d'en-tête mais aucune ligne de données.".into()
        }
        IngestError::SingleRow => "Ce fichier n'a qu'une seule ligne datée\u{a0}: il faut au \
                                   moins deux dates pour savoir à quel rythme les valeurs sont \
                                   relevées."
            .into(),
        IngestError::NoDateColumn => "Aucune colonne de ce fichier ne contient de dates.".into(),
        IngestError::NotADateColumn { column, example } => format!(
            "La colonne {} devrait contenir des dates, mais sa première valeur est {}.",
            q(column),
            q(example)
        ),
        IngestError::HeaderNotADate { column, header } => format!(
            "Les dates de ce fichier sont les en-têtes de ses colonnes, mais la colonne {} a \
             pour en-tête {}, qui n'est pas une date comme les autres.",
            L.count(*column),
            q(header)
        ),
        IngestError::RepeatedHeaderDate { column, header, first_column } => format!(
            "Les dates de ce fichier sont les en-têtes de ses colonnes, mais la colonne {} a \
             pour en-tête {}, la même date que la colonne {}.",
            L.count(*column),
            q(header),
            L.count(*first_column)
        ),
        IngestError::NoNumericColumn { closest: Some(cell) } => format!(
            "Aucune colonne de ce fichier ne contient de nombres à prévoir\u{a0}: la colonne {} \
             contient {} à la ligne {}.",
            q(&cell.column),
            q(&cell.value),
            L.count(cell.line)
        ),
        IngestError::NoNumericColumn { .. } => {
            "Aucune colonne de ce fichier ne contient de nombres à prévoir.".into()
        }
        IngestError::TargetNotNumeric { column } => {
            format!("La colonne {} ne contient pas de nombres.", q(column))
        }
        IngestError::TargetAllMissing { column } => {
            format!("La colonne {} n'a de valeur sur aucune ligne.", q(column))
        }
        IngestError::UnknownColumn { name, available } => format!(
            "Il n'y a pas de colonne nommée {}. Les colonnes du fichier sont\u{a0}: {}.",
            q(name),
            available.join(", ")
        ),
        IngestError::ConflictingRoles { name } => {
            format!("La colonne {} a reçu deux rôles différents.", q(name))
        }
        IngestError::UnsupportedDelimiter { delimiter } => {
            format!("Le séparateur {} n'est pas pris en charge.", q(&delimiter.to_string()))
        }
        IngestError::TooLarge { bytes, max_bytes } => format!(
            "Ce fichier pèse {}\u{a0}; la limite de lecture est de {}.",
            L.megabytes(*bytes as u64),
            L.megabytes(*max_bytes as u64)
        ),
        IngestError::TooManyColumns { found, max } => format!(
            "Ce fichier a {} colonnes\u{a0}; au plus {} peuvent être lues.",
            L.count(*found),
            L.count(*max)
        ),
        IngestError::TooManySeries { found, max } => format!(
            "Ce fichier contient {} séries\u{a0}; au plus {} peuvent être lues.",
            L.count(*found),
            L.count(*max)
        ),
        IngestError::NotText { offset } => format!(
            "Ce n'est pas un fichier texte (contenu binaire à l'octet {})\u{a0}: c'est peut-être \
             un classeur de tableur ou une image.",
            L.count(*offset)
        ),
        IngestError::NotCsv { kind } => match kind {
            NotCsvKind::WebPage => "C'est une page web (HTML), pas un \
             fichier CSV\u{a0}: une page de connexion ou d'erreur a peut-être été enregistrée à la \
             place de l'export."
                .into(),
            NotCsvKind::Json => "Ce fichier contient du JSON, pas un tableau CSV.".into(),
        },
        IngestError::Csv { line, message } => format!(
            "La ligne {} n'a pas pu être lue comme du CSV (détail technique\u{a0}: {message}).",
            L.count(*line)
        ),
        IngestError::NoValidRows { rejected } if !L.is_plural(*rejected) => {
            "L'unique ligne de données a été rejetée.".into()
        }
        IngestError::NoValidRows { rejected } => {
            format!("Les {} lignes de données ont toutes été rejetées.", L.count(*rejected))
        }
        IngestError::Irregular { modal_spacing_seconds, modal_share } => format!(
            "Les dates ne sont pas régulièrement espacées\u{a0}: l'intervalle le plus courant \
             ({}) n'en sépare que {}.",
            spacing(*modal_spacing_seconds),
            L.percent(modal_share * 100.0, 0)
        ),
        IngestError::GridTooLarge { rows, max } => format!(
            "Placer ces dates sur un calendrier régulier demanderait {} lignes, plus que les {} \
             possibles.",
            L.count(*rows),
            L.count(*max)
        ),
        _ => "Ce fichier n'a pas pu être lu.".into(),
    }
}

fn load_advice(e: &LoadError) -> String {
    match e {
        LoadError::Ingest(e) => match e {
            IngestError::Empty | IngestError::HeaderOnly | IngestError::SingleRow => {
                "Choisissez un fichier CSV avec une ligne d'en-tête et au moins deux lignes \
                 datées."
                    .into()
            }
            IngestError::NoDateColumn | IngestError::NotADateColumn { .. } => {
                "Ajoutez une colonne avec une date sur chaque ligne, par exemple 01/03/2024 ou \
                 2024-03-01."
                    .into()
            }
            IngestError::HeaderNotADate { .. } | IngestError::RepeatedHeaderDate { .. } => {
                "Corrigez ou supprimez cette colonne dans votre tableur, puis chargez à nouveau \
                 le fichier."
                    .into()
            }
            IngestError::NoNumericColumn { closest: Some(cell) } => format!(
                "Écrivez un nombre sur chaque ligne de la colonne {} (une unité comme kg est lue \
                 si toutes les lignes écrivent la même), ou ajoutez une colonne de nombres à \
                 côté des dates.",
                q(&cell.column)
            ),
            IngestError::NoNumericColumn { .. }
            | IngestError::TargetNotNumeric { .. }
            | IngestError::TargetAllMissing { .. } => {
                "Le fichier doit contenir une colonne de nombres à côté des dates.".into()
            }
            IngestError::UnknownColumn { .. } | IngestError::ConflictingRoles { .. } => {
                "Comparez les noms de colonnes des réglages à la ligne d'en-tête du fichier.".into()
            }
            IngestError::UnsupportedDelimiter { .. } => "Séparez les champs par une virgule, un \
                                                         point-virgule, une tabulation ou une \
                                                         barre verticale."
                .into(),
            IngestError::TooLarge { .. }
            | IngestError::TooManyColumns { .. }
            | IngestError::TooManySeries { .. }
            | IngestError::GridTooLarge { .. } => "Ne gardez que les colonnes et la période \
                                                   utiles, puis chargez le fichier allégé."
                .into(),
            IngestError::NotText { .. } => "Dans votre tableur, utilisez «\u{a0}Enregistrer \
                                            sous\u{a0}» et choisissez CSV, puis chargez ce \
                                            fichier."
                .into(),
            IngestError::NotCsv { .. } => "Exportez à nouveau les données en CSV (valeurs \
                                           séparées par des virgules ou des points-virgules), \
                                           puis chargez ce fichier."
                .into(),
            IngestError::Csv { .. } => {
                "Ouvrez le fichier dans un éditeur de texte et vérifiez les guillemets de cette \
                 ligne."
                    .into()
            }
            IngestError::NoValidRows { .. } => "Vérifiez que la colonne de valeurs contient des \
                                                nombres et la colonne de dates des dates."
                .into(),
            IngestError::Irregular { .. } => "Une prévision demande une valeur par jour, \
                                              semaine, mois ou heure\u{a0}: agrégez les données \
                                              à un pas régulier."
                .into(),
            _ => "Vérifiez que le fichier est l'export CSV d'un tableau avec des dates.".into(),
        },
        LoadError::Unreadable => "Vérifiez que le fichier existe toujours et n'est pas ouvert \
                                  dans un autre programme, puis réessayez."
            .into(),
        LoadError::TooLarge { .. } => "Ne gardez que les colonnes et la période utiles, puis \
                                       chargez le fichier allégé."
            .into(),
        LoadError::NoFile => {
            "Faites glisser un fichier CSV depuis votre gestionnaire de fichiers.".into()
        }
        LoadError::EngineStopped => "Rechargez la page et réessayez\u{a0}; s'il s'arrête à \
                                     nouveau, ne gardez que les colonnes et la période utiles."
            .into(),
    }
}

fn reject(r: &RejectReason) -> String {
    match r {
        RejectReason::WrongFieldCount { expected, found } => {
            format!("{} au lieu de {}", L.counted(*found, "champ", "champs"), L.count(*expected))
        }
        RejectReason::NotANumber { value } => format!("{} n'est pas un nombre", q(value)),
        RejectReason::BadDate { value } => {
            format!("{} n'est pas une date au format de la colonne", q(value))
        }
        RejectReason::MissingDate => "la date est vide".into(),
        RejectReason::BadTime { value } => {
            format!("{} n'est ni une heure (14:30) ni un nombre entier d'heures (14)", q(value))
        }
        RejectReason::MissingTime => "l'heure est vide".into(),
        RejectReason::MissingSeriesId => "l'identifiant de série est vide".into(),
        RejectReason::OffGrid { timestamp } => {
            format!("le {} tombe entre les dates régulières", L.timestamp(*timestamp))
        }
        RejectReason::FarFromOthers { timestamp } => format!(
            "le {} est loin de toutes les autres dates (une faute de frappe dans l'année\u{a0}?)\u{a0}; \
             gardé, il remplirait de valeurs manquantes tout le temps entre les deux",
            L.timestamp(*timestamp)
        ),
    }
}

fn warning(w: &IngestWarning) -> String {
    match w {
        IngestWarning::AmbiguousDates { column, assumed } => format!(
            "Les dates de {} se lisent dans les deux sens (jour ou mois en premier)\u{a0}; elles \
             ont été lues en {}.",
            q(column),
            text(&Msg::DateOrderName(*assumed))
        ),
        IngestWarning::DateOrderFromSpacing { column, chosen } => format!(
            "Les dates de {} ont été lues en {}, la seule lecture qui donne un espacement \
             régulier.",
            q(column),
            text(&Msg::DateOrderName(*chosen))
        ),
        IngestWarning::DateAndTimeCombined { date, time } => format!(
            "Les dates sont dans {} et les heures dans {}\u{a0}: la date et l'heure de chaque \
             ligne ont été lues ensemble, comme un seul horodatage.",
            q(date),
            q(time)
        ),
        IngestWarning::DateFromParts { year, month, day, quarters, weeks } => {
            date_from_parts(year, month, day.as_deref(), *quarters, *weeks)
        }
        IngestWarning::MixedDateLayouts { column, layouts } => format!(
            "Les dates de {} mêlent {} écritures\u{a0}: {}\u{a0}; chaque date a été lue selon la \
             sienne.",
            q(column),
            L.count(layouts.len()),
            layouts.iter().map(|f| date_format(*f)).collect::<Vec<_>>().join(", ")
        ),
        IngestWarning::ClockChangeRepeat { timestamp, count, averaged } => format!(
            "{} apparaît deux fois{}\u{a0}: sans doute la nuit du passage à l'heure d'hiver, où \
             cette heure est vécue deux fois. {}",
            L.timestamp(*timestamp),
            if *count > 1 {
                format!(
                    " (et {} de ces nuits)",
                    L.counted(count - 1, "autre heure", "autres heures")
                )
            } else {
                String::new()
            },
            if *averaged {
                "On a fait la moyenne de ses deux lignes, pour que cette heure garde le niveau \
                 d'une heure\u{a0}; si chaque ligne compte des événements, choisissez \
                 «\u{a0}Les additionner\u{a0}» pour «\u{a0}Lignes de même date\u{a0}» dans les \
                 rôles des colonnes."
            } else {
                "Ses lignes ont été fusionnées comme indiqué sous «\u{a0}Dates répétées\u{a0}»\u{a0}; \
                 pour garder un niveau horaire plutôt qu'une heure double, choisissez «\u{a0}En \
                 faire la moyenne\u{a0}» pour «\u{a0}Lignes de même date\u{a0}» dans les rôles des \
                 colonnes."
            }
        ),
        IngestWarning::FutureRows { count } if !L.is_plural(*count) => format!(
            "{} ligne après la dernière valeur connue a été gardée comme ligne future\u{a0}: ses \
             autres colonnes peuvent éclairer la prévision.",
            L.count(*count)
        ),
        IngestWarning::PartialTotals { series, first, rows, usual, count } => format!(
            "Presque chaque date de {} additionne {usual}\u{a0}lignes (plusieurs séries lues comme \
             une seule\u{a0}?), mais {} {} moins de lignes (à partir du {}, avec {rows})\u{a0}: leurs \
             totaux seraient partiels, elles ont donc été laissées manquantes, comme les dates \
             sans ligne. Si le fichier contient une série par magasin ou par produit, donnez à \
             sa colonne le rôle «\u{a0}identifiant de série\u{a0}» dans les rôles des colonnes.",
            q(series),
            L.count(*count),
            if *count == 1 { "date a" } else { "dates ont" },
            L.timestamp(*first)
        ),
        IngestWarning::FutureRows { count } => format!(
            "{} lignes après la dernière valeur connue ont été gardées comme lignes \
             futures\u{a0}: leurs autres colonnes peuvent éclairer la prévision.",
            L.count(*count)
        ),
        IngestWarning::IrregularSpacing { off_grid, on_grid } => {
            let on = L.agree(*on_grid, "est dessus", "sont dessus");
            if L.is_plural(*off_grid) {
                format!(
                    "{} lignes tombent entre les dates régulières ({} {on})\u{a0}; elles ont été \
                     écartées et figurent parmi les lignes rejetées.",
                    L.count(*off_grid),
                    L.count(*on_grid)
                )
            } else {
                format!(
                    "{} ligne tombe entre les dates régulières ({} {on})\u{a0}; elle a été \
                     écartée et figure parmi les lignes rejetées.",
                    L.count(*off_grid),
                    L.count(*on_grid)
                )
            }
        }
        IngestWarning::Resampled { step, automatic } if *automatic => format!(
            "Les dates ne sont pas régulièrement espacées\u{a0}: chaque ligne a été ramenée au \
             début de sa période et les données sont désormais de fréquence {}. Les lignes \
             d'une même période sont regroupées comme l'indique «\u{a0}Dates répétées\u{a0}»\u{a0}; \
             choisissez un autre pas de temps ou une autre règle avec les rôles des colonnes.",
            frequency(*step)
        ),
        IngestWarning::Resampled { step, .. } => format!(
            "Comme demandé, chaque ligne a été ramenée au début de sa période\u{a0}: les données \
             sont désormais de fréquence {}. Les lignes d'une même période sont regroupées \
             comme l'indique «\u{a0}Dates répétées\u{a0}».",
            frequency(*step)
        ),
        IngestWarning::PreambleSkipped { lines } if !L.is_plural(*lines) => format!(
            "Le tableau commence ligne {}\u{a0}: la ligne au-dessus de son en-tête (un titre, une \
             note) n'a pas été lue comme des données.",
            L.count(*lines + 1)
        ),
        IngestWarning::PreambleSkipped { lines } => format!(
            "Le tableau commence ligne {}\u{a0}: les {} lignes au-dessus de son en-tête (un \
             titre, des notes) n'ont pas été lues comme des données.",
            L.count(*lines + 1),
            L.count(*lines)
        ),
        IngestWarning::MovedToWeekday { count, weekday: day } => format!(
            "Données hebdomadaires\u{a0}: {} à quelques jours du {} (le jour de la plupart des \
             lignes) {} ramenée{} au {} le plus proche, dans {} semaine.",
            L.counted(*count, "date", "dates"),
            weekday(*day),
            if *count == 1 { "a été" } else { "ont été" },
            if *count == 1 { "" } else { "s" },
            weekday(*day),
            if *count == 1 { "sa" } else { "leur" }
        ),
        IngestWarning::RepeatedLines { count, first_line } => format!(
            "{} {} une autre à l'identique (même date, mêmes valeurs\u{a0}; la première à la \
             ligne {})\u{a0}: {} une seule fois, comme des copies d'export, sans être {}.",
            L.counted(*count, "ligne", "lignes"),
            if *count == 1 { "répétait" } else { "répétaient" },
            L.count(*first_line),
            if *count == 1 { "comptée" } else { "comptées" },
            if *count == 1 { "ajoutée" } else { "ajoutées" }
        ),
        IngestWarning::TotalSeriesLeftOut { series } => format!(
            "{} additionne les autres séries à presque toutes les dates\u{a0}: c'est un total, \
             écarté pour ne pas être prévu comme une série de plus.",
            q(series)
        ),
        IngestWarning::NoHeader => "La première ligne contient une date et des nombres, pas \
                                    des noms de colonnes\u{a0}: elle a été lue comme la \
                                    première ligne de données, et les colonnes sont nommées \
                                    column_1, column_2… dans l'ordre du fichier."
            .to_owned(),
        IngestWarning::ThousandsSeparator { column } => format!(
            "Les nombres de {} utilisent un séparateur de milliers\u{a0}; il a été pris en \
             compte.",
            q(column)
        ),
        IngestWarning::UnitStripped { column, unit } => format!(
            "Les nombres de {} sont écrits en {unit}\u{a0}; l'unité a été retirée pour les lire \
             (une cellule dans une autre unité ne compte pas comme un nombre).",
            q(column)
        ),
        IngestWarning::InvalidCells { column, count, first_line, first_value }
            if !L.is_plural(*count) =>
        {
            format!(
                "{} cellule de {} n'est pas un nombre et a été considérée comme vide (ligne \
                 {}\u{a0}: {}).",
                L.count(*count),
                q(column),
                L.count(*first_line),
                q(first_value)
            )
        }
        IngestWarning::InvalidCells { column, count, first_line, first_value } => format!(
            "{} cellules de {} ne sont pas des nombres et ont été considérées comme vides (la \
             première, ligne {}\u{a0}: {}).",
            L.count(*count),
            q(column),
            L.count(*first_line),
            q(first_value)
        ),
        IngestWarning::ConvertedToUtc { column } => format!(
            "Les dates de {} portaient des fuseaux horaires\u{a0}; elles ont été converties en \
             UTC.",
            q(column)
        ),
        IngestWarning::WrittenDatesKept { column } => format!(
            "Les dates de {} portaient des fuseaux horaires, toutes à la même heure\u{a0}: elles \
             ont été gardées telles qu'écrites. Converties en UTC, elles auraient pu changer de \
             jour.",
            q(column)
        ),
        IngestWarning::ExcelSerialDates { column } => format!(
            "La colonne {} contient des numéros de jour Excel\u{a0}; ils ont été lus comme des \
             dates.",
            q(column)
        ),
        IngestWarning::BlankLines { count } => {
            if L.is_plural(*count) {
                format!("{} lignes vides ont été ignorées.", L.count(*count))
            } else {
                format!("{} ligne vide a été ignorée.", L.count(*count))
            }
        }
        IngestWarning::SeriesWithoutTarget { series } => {
            format!("La série {} n'a aucune valeur et a été écartée.", q(series))
        }
        IngestWarning::LeadingZeros { series, zeros, first_value, count } => format!(
            "La série {} commence par {} avant sa première valeur, le {}{}. Si elle a ouvert \
             ce jour-là, retirez du fichier les lignes d'avant\u{a0}: sinon les modèles \
             apprennent de zéros qui ne reviendront pas.",
            q(series),
            L.counted(*zeros, "zéro", "zéros"),
            L.timestamp(*first_value),
            L.as_do_others(*count)
        ),
        IngestWarning::ColumnsAfterDatesLeftOut { columns } => format!(
            "Écartées après les colonnes datées\u{a0}: {}. Seules les colonnes dont l'en-tête est \
             une date sont lues comme des valeurs.",
            columns.iter().map(|c| q(c)).collect::<Vec<_>>().join(", ")
        ),
        IngestWarning::DatesAcrossColumns { dates, series } => format!(
            "Les dates sont les en-têtes des colonnes et chaque ligne est une série\u{a0}: {} \
             {} dans l'en-tête pour {}, {} par ses premières colonnes.",
            L.counted(*dates, "date", "dates"),
            L.agree(*dates, "a été lue", "ont été lues"),
            L.counted(*series, "série", "séries"),
            L.agree(*series, "nommée", "chacune nommée")
        ),
        IngestWarning::DecodedAsWindows1252 => "Le fichier n'est pas en UTF-8\u{a0}; il a été \
                                                lu en Windows-1252, l'encodage habituel d'Excel \
                                                en Europe occidentale."
            .into(),
        _ => "Le fichier présente une particularité que cette version de Prevision ne sait pas \
              décrire."
            .into(),
    }
}

/// The warning for dates built from a year column, a month (or quarter) column and maybe a
/// day column.
fn date_from_parts(
    year: &str,
    month: &str,
    day: Option<&str>,
    quarters: bool,
    weeks: bool,
) -> String {
    let (year, month) = (q(year), q(month));
    let parts = match (quarters, day) {
        _ if weeks => format!(
            "de son année, dans {year}, et de sa semaine ISO, dans {month}, au lundi de la semaine"
        ),
        (true, _) => format!(
            "de son année, dans {year}, et de son trimestre, dans {month}, au premier jour du \
             trimestre"
        ),
        (false, Some(day)) => format!(
            "de son année, dans {year}, de son mois, dans {month}, et de son jour, dans {}",
            q(day)
        ),
        (false, None) => {
            format!("de son année, dans {year}, et de son mois, dans {month}, au premier du mois")
        }
    };
    format!(
        "Aucune colonne ne contient de dates entières\u{a0}: la date de chaque ligne a été \
         construite à partir {parts}."
    )
}

fn date_format(f: DateFormat) -> String {
    let time = |with_time: bool| if with_time { " avec l'heure" } else { "" };
    match f {
        DateFormat::Iso => "année-mois-jour (2024-03-01)".into(),
        DateFormat::IsoDateTime => "date et heure (2024-03-01 10:00)".into(),
        DateFormat::DayFirst { sep, with_time } => {
            format!("jour{sep}mois{sep}année{} (01{sep}03{sep}2024)", time(with_time))
        }
        DateFormat::MonthFirst { sep, with_time } => {
            format!("mois{sep}jour{sep}année{} (03{sep}01{sep}2024)", time(with_time))
        }
        DateFormat::YearFirst { sep, with_time } => {
            format!("année{sep}mois{sep}jour{} (2024{sep}03{sep}01)", time(with_time))
        }
        DateFormat::YearMonth { sep } => format!("année{sep}mois (2024{sep}03)"),
        DateFormat::MonthYear { sep } => format!("mois{sep}année (03{sep}2024)"),
        DateFormat::MonthName => "mois en toutes lettres (5 janv. 2024)".into(),
        DateFormat::Compact => "annéemoisjour (20240315)".into(),
        DateFormat::CompactYearMonth => "annéemois (202403)".into(),
        DateFormat::YearQuarter => "année et trimestre (2024-T1)".into(),
        DateFormat::IsoWeek { compact, with_weekday } => {
            let sep = if compact { "" } else { "-" };
            if with_weekday {
                format!("semaine ISO et jour (2024{sep}W05{sep}3)")
            } else {
                format!("semaine ISO (2024{sep}W05)")
            }
        }
        DateFormat::Year => "année (2024)".into(),
        DateFormat::ExcelSerial => "numéros de jour Excel".into(),
        DateFormat::EpochSeconds => "temps Unix en secondes (1704067200)".into(),
        DateFormat::EpochMillis => "temps Unix en millisecondes (1704067200000)".into(),
    }
}

fn weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    }
}

/// Pourquoi un modèle importé a été refusé, et que faire.
fn model_mismatch(m: &ModelMismatch) -> String {
    let why = match m {
        ModelMismatch::Target { model, data } => format!(
            "Ce modèle prévoit {}, mais la cible des données chargées est {}",
            q(model),
            q(data)
        ),
        ModelMismatch::Frequency { model, data } => format!(
            "Le pas de ce modèle est {}, et celui des données chargées {}",
            q(&frequency(*model)),
            q(&frequency(*data))
        ),
        ModelMismatch::MissingColumn { column } => {
            format!("Ce modèle lit la colonne {}, absente des données chargées", q(column))
        }
        ModelMismatch::Series { missing, new } => {
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!("absentes ici\u{a0}: {}", super::name_list(missing)));
            }
            if !new.is_empty() {
                parts.push(format!("nouvelles ici\u{a0}: {}", super::name_list(new)));
            }
            format!("Ce modèle a été ajusté sur d'autres séries ({})", parts.join("\u{a0}; "))
        }
    };
    format!(
        "{why}\u{a0}: il a été fait pour d'autres données, et sa prévision n'aurait ici aucun \
         sens. Chargez le fichier sur lequel il a été entraîné (ou des données plus récentes du \
         même genre), ou lancez une nouvelle prévision sur ces données."
    )
}

fn frequency(f: Frequency) -> String {
    match f {
        Frequency::Minutes { minutes: 60 } => "toutes les heures".into(),
        Frequency::Minutes { minutes } if minutes % 60 == 0 => {
            format!("toutes les {}\u{a0}heures", minutes / 60)
        }
        Frequency::Minutes { minutes } => format!("toutes les {minutes}\u{a0}minutes"),
        Frequency::Daily => "quotidienne".into(),
        Frequency::BusinessDaily => "jours ouvrés (du lundi au vendredi)".into(),
        Frequency::Weekly { anchor } => format!("hebdomadaire, le {}", weekday(anchor)),
        Frequency::Monthly => "mensuelle".into(),
        Frequency::Quarterly => "trimestrielle".into(),
        Frequency::Yearly => "annuelle".into(),
    }
}

/// A seasonal period, named when it is a familiar one.
fn period(steps: usize, freq: Frequency) -> String {
    let named = match (freq, steps) {
        (Frequency::Daily, 7) | (Frequency::BusinessDaily, 5) => Some("une semaine"),
        (Frequency::Daily, 365) | (Frequency::Weekly { .. }, 52) => Some("un an"),
        (Frequency::Monthly, 12) | (Frequency::Quarterly, 4) => Some("un an"),
        (Frequency::Monthly, 3) => Some("un trimestre"),
        (Frequency::Minutes { minutes }, n) if minutes > 0 && n * minutes as usize == 1440 => {
            Some("un jour")
        }
        (Frequency::Minutes { minutes }, n) if minutes > 0 && n * minutes as usize == 10080 => {
            Some("une semaine")
        }
        _ => None,
    };
    let unit = match freq {
        Frequency::Minutes { .. } | Frequency::Weekly { .. } => "pas",
        Frequency::Daily | Frequency::BusinessDaily => "jours",
        Frequency::Monthly => "mois",
        Frequency::Quarterly => "trimestres",
        Frequency::Yearly => "ans",
    };
    match named {
        Some(name) => format!("{}\u{a0}{unit} ({name})", L.count(steps)),
        None => format!("{}\u{a0}{unit}", L.count(steps)),
    }
}

/// A spacing in seconds in the largest whole unit.
fn spacing(seconds: i64) -> String {
    let plural = |n: i64, one: &str, many: &str| {
        if n.abs() <= 1 { format!("{n}\u{a0}{one}") } else { format!("{n}\u{a0}{many}") }
    };
    match seconds {
        s if s != 0 && s % 86_400 == 0 => plural(s / 86_400, "jour", "jours"),
        s if s != 0 && s % 3600 == 0 => plural(s / 3600, "heure", "heures"),
        s if s != 0 && s % 60 == 0 => plural(s / 60, "minute", "minutes"),
        s => plural(s, "seconde", "secondes"),
    }
}
