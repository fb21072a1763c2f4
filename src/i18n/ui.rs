//! The studio's fixed labels and explanations, English and French side by side.
//!
//! One table, one line per text: the macro below makes [`Ui`] (a key per line) and the two
//! lookups from it, so a label cannot exist in one language only. Texts that carry data
//! (counts, names, engine results) stay in [`super::Msg`] or in the formatting helpers below.

use super::Lang;
use prevision_engine::forecast::MIN_TRAIN;
use prevision_engine::forecast::report::{
    FailureKind, ForecastReport, LeaderboardRow, UncheckedLevel, unchecked_level,
};

/// What a run's warnings point at by id or index, to name it in words: the leaderboard (each
/// model's display name) and the series ids. Empty, models are named from the catalogue and
/// series by their index.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunNames<'a> {
    /// The run's leaderboard.
    pub leaderboard: &'a [LeaderboardRow],
    /// The run's series ids, in frame order.
    pub series: &'a [String],
}

impl<'a> RunNames<'a> {
    /// The names of `report`'s models and series.
    pub fn of(report: &'a ForecastReport) -> Self {
        RunNames { leaderboard: &report.leaderboard, series: &report.series }
    }
}

macro_rules! ui_texts {
    ($( $(#[$doc:meta])* $key:ident => $en:expr, $fr:expr; )+) => {
        /// A fixed text of the studio.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Ui {
            $( $(#[$doc])* $key, )+
        }

        impl Ui {
            /// Every key, for the translation test.
            pub const ALL: &'static [Ui] = &[$(Ui::$key),+];
        }

        impl Lang {
            /// The fixed text `key` in this language.
            pub fn ui(self, key: Ui) -> &'static str {
                match (self, key) {
                    $( (Lang::En, Ui::$key) => $en, (Lang::Fr, Ui::$key) => $fr, )+
                }
            }
        }
    };
}

ui_texts! {
    // --- tabs and run bar
    TabsLabel => "Steps of the study", "Étapes de l'étude";
    TabData => "1. Data", "1. Données";
    TabSetup => "2. Set-up", "2. Réglages";
    TabResults => "3. Results", "3. Résultats";
    RunButton => "Run the forecast", "Lancer la prévision";
    CancelButton => "Cancel", "Annuler";
    RunIdle => "Load data, then run the forecast.", "Chargez des données, puis lancez la prévision.";
    RunStarting => "Starting the engine…", "Démarrage du moteur…";
    RunCancelled => "Run cancelled. Change a setting or run again.", "Calcul annulé. Modifiez un réglage ou relancez.";
    RunFailedTitle => "The forecast could not be computed", "La prévision n'a pas pu être calculée";
    RunCrashed => "The engine stopped unexpectedly (the data may be too large for this browser). It has been restarted: try again with fewer models or a shorter history.", "Le moteur s'est arrêté de façon inattendue (les données sont peut-être trop volumineuses pour ce navigateur). Il a été relancé : réessayez avec moins de modèles ou un historique plus court.";
    ProgressLabel => "Progress of the forecast run", "Avancement du calcul";
    WorkerNote => "Computed in a background thread of your browser: the page stays responsive.", "Calculé dans un fil d'exécution séparé de votre navigateur : la page reste réactive.";

    // --- data tab
    RolesTitle => "Column roles", "Rôle des colonnes";
    RolesHelp => "Tell the engine what each column is. Known-in-advance columns (promotions, prices) are used for future days; observed-only columns (weather actuals) only through their past values.", "Indiquez au moteur ce qu'est chaque colonne. Les colonnes connues à l'avance (promotions, prix) servent pour les jours futurs ; les colonnes seulement observées (météo réelle) uniquement par leurs valeurs passées.";
    RolesApply => "Apply the roles and run again", "Appliquer les rôles et relancer";
    RolesReset => "Back to detected roles", "Revenir aux rôles détectés";
    StepLabel => "Time step", "Pas de temps";
    WideLabel => "Each number column is a series (one column per store, product…)", "Chaque colonne de nombres est une série (une colonne par magasin, produit…)";
    WideHelp => "For a table with one column per series: each number column is forecast on its own, named after its header, except those known in advance or left out.", "Pour un tableau à une colonne par série : chaque colonne de nombres est prévue à part, sous le nom de son en-tête, sauf celles connues à l'avance ou écartées.";
    StepHelp => "Rows of one period become one value: choose a day for ticket lines or readings taken at any time.", "Les lignes d'une même période deviennent une seule valeur : choisissez le jour pour des lignes de tickets ou des relevés pris à toute heure.";
    StepAsFile => "As in the file", "Comme dans le fichier";
    StepHour => "Hour", "Heure";
    StepDay => "Day", "Jour";
    StepWeek => "Week (from Monday)", "Semaine (à partir du lundi)";
    StepMonth => "Month", "Mois";
    MergeLabel => "Rows with the same date", "Lignes de même date";
    MergeAuto => "Automatic: add them up, or average readings taken at any time", "Automatique : les additionner, ou moyenner des relevés pris à toute heure";
    MergeSum => "Add them up (sales, counts)", "Les additionner (ventes, comptages)";
    MergeMean => "Average them (temperatures, prices, levels)", "En faire la moyenne (températures, prix, niveaux)";
    MergeLast => "Keep the last one", "Garder la dernière";
    ColumnHeader => "Column", "Colonne";
    RoleHeader => "Role", "Rôle";
    ExploreTitle => "Explore the series", "Explorer la série";
    ExploreHelp => "The whole history, its typical week or year, and how much each value resembles the ones before it (autocorrelation).", "Tout l'historique, sa semaine ou son année type, et à quel point chaque valeur ressemble aux précédentes (autocorrélation).";
    SeriesChoice => "Series", "Série";
    ExploreSeries => "The series over time", "La série dans le temps";
    WeekdayProfile => "Average by day of the week", "Moyenne par jour de la semaine";
    MonthProfile => "Average by month", "Moyenne par mois";
    ExploreAcf => "Autocorrelation of the series", "Autocorrélation de la série";
    Lag => "Lag (steps)", "Décalage (pas)";
    Residual => "Residual (actual − forecast)", "Résidu (réel − prévu)";
    Count => "Count", "Effectif";
    ResidualHistogram => "Distribution of the residuals", "Répartition des résidus";
    ResidualAcf => "Autocorrelation of the residuals", "Autocorrélation des résidus";

    // --- set-up tab
    SetupTitle => "Forecast set-up", "Réglages de la prévision";
    SetupIntro => "Defaults come from the detected frequency and suit most files. Each setting says what it changes.", "Les valeurs par défaut viennent de la fréquence détectée et conviennent à la plupart des fichiers. Chaque réglage dit ce qu'il change.";
    HorizonLabel => "Horizon (steps ahead)", "Horizon (pas à prévoir)";
    HorizonHelp => "How far ahead to forecast: 7 on daily data is one week (D+7).", "Jusqu'où prévoir : 7 sur des données quotidiennes, c'est une semaine (J+7).";
    ModelsLabel => "Models to compare", "Modèles à comparer";
    ModelsHelp => "Each model is tested on the same past windows; the best one (lowest MASE) forecasts. The naive baselines always run, as a yardstick.", "Chaque modèle est testé sur les mêmes fenêtres passées ; le meilleur (MASE le plus bas) fait la prévision. Les références naïves tournent toujours, comme étalon.";
    FeaturesLabel => "Features for the machine-learning models", "Variables des modèles d'apprentissage";
    FeaturesHelp => "What the linear, neighbour and tree models may look at. Everything is computed from data up to each forecast date only (no peeking into the future).", "Ce que les modèles linéaires, des voisins et des arbres peuvent regarder. Tout est calculé uniquement à partir des données jusqu'à chaque date de prévision (aucun regard vers le futur).";
    FeatLags => "Past values (lags)", "Valeurs passées (retards)";
    FeatLagsHelp => "Yesterday, last week, last year…", "Hier, la semaine dernière, l'an dernier…";
    FeatRolling => "Moving averages", "Moyennes mobiles";
    FeatRollingHelp => "Recent level and spread, and the same weekday over past weeks.", "Niveau et dispersion récents, et le même jour sur les semaines passées.";
    FeatCalendar => "Calendar", "Calendrier";
    FeatCalendarHelp => "Day of week, month, end of month…", "Jour de la semaine, mois, fin de mois…";
    FeatFourier => "Yearly waves", "Ondes annuelles";
    FeatFourierHelp => "Smooth seasonal curves (Fourier terms) when there is at least a year of history.", "Courbes saisonnières lisses (termes de Fourier) quand l'historique couvre au moins un an.";
    FeatExog => "Extra columns of the file", "Colonnes supplémentaires du fichier";
    FeatExogHelp => "Promotions, prices, weather… according to their role on the Data step.", "Promotions, prix, météo… selon leur rôle à l'étape Données.";
    WindowsLabel => "Backtest windows", "Fenêtres de test";
    WindowsHelp => "How many past periods each model is tested on, as if we were back then. More windows: a fairer comparison, a longer run.", "Sur combien de périodes passées chaque modèle est testé, comme si l'on y était. Plus de fenêtres : une comparaison plus juste, un calcul plus long.";
    LevelsLabel => "Interval levels (%)", "Niveaux des intervalles (%)";
    LevelsHelp => "Bands that should contain the real value this often, calibrated on past errors. Separate levels with commas.", "Bandes qui devraient contenir la vraie valeur aussi souvent, calibrées sur les erreurs passées. Séparez les niveaux par des virgules.";
    HolidaysLabel => "Public holidays", "Jours fériés";
    HolidaysHelp => "Adds holiday, bridge-day and days-to-holiday features, computed offline.", "Ajoute les variables jour férié, pont et jours avant/après férié, calculées sans connexion.";
    HolidayNone => "None", "Aucun";
    HolidayFrance => "France", "France";
    HolidayAlsace => "France, Alsace-Moselle", "France, Alsace-Moselle";
    HolidayUs => "United States", "États-Unis";
    HolidayUk => "United Kingdom (England and Wales)", "Royaume-Uni (Angleterre et Galles)";
    HolidayDe => "Germany", "Allemagne";
    StrategyLabel => "Multi-step strategy", "Stratégie multi-pas";
    StrategyHelp => "Recursive: one model, its forecasts feed the next steps. Direct: one model per step.", "Récursive : un seul modèle, ses prévisions alimentent les pas suivants. Directe : un modèle par pas.";
    StrategyRecursive => "Recursive", "Récursive";
    StrategyDirect => "Direct", "Directe";
    SeedLabel => "Random seed", "Graine aléatoire";
    SeedHelp => "Same data, settings and seed: the same results, to the digit.", "Mêmes données, réglages et graine : les mêmes résultats, au chiffre près.";
    ResetSettings => "Reset to defaults", "Revenir aux valeurs par défaut";
    ForgetAll => "Forget my settings on this computer", "Oublier mes réglages sur cet ordinateur";
    ForgetDone => "Settings forgotten.", "Réglages oubliés.";

    // --- results tab
    DataCheckTitle => "Data check", "Contrôle des données";
    SeeDataReport => "See the full data report", "Voir le rapport complet des données";
    LeaderboardTitle => "Models compared", "Comparaison des modèles";
    LeaderboardHelp => "Average error over the backtest windows. MASE below 1 beats the naive forecast; the lowest MASE is chosen (a tie goes to the simpler model).", "Erreur moyenne sur les fenêtres de test. Un MASE inférieur à 1 bat la prévision naïve ; le MASE le plus bas est retenu (à égalité, le modèle le plus simple).";
    ColModel => "Model", "Modèle";
    ColRank => "Rank", "Rang";
    BestBadge => "chosen", "retenu";
    BaselineBadge => "baseline", "référence";
    FailedBadge => "failed", "échec";
    ForecastTitle => "Forecast", "Prévision";
    ForecastHelp => "History, the chosen model's forecasts on past windows, and the future with its intervals. Hover or focus the chart to read values.", "Historique, prévisions du modèle retenu sur les fenêtres passées, et le futur avec ses intervalles. Survolez ou sélectionnez le graphique pour lire les valeurs.";
    ColDate => "Date", "Date";
    ColForecast => "Forecast", "Prévision";
    ColLower => "Low", "Bas";
    ColUpper => "High", "Haut";
    NewSeriesTitle => "Series too new to compare models", "Séries trop récentes pour comparer les modèles";
    NewSeriesHelp => "These series hold too few values for one backtest window, so no model could be tested on them. Each is forecast by a simple rule: its last season repeated when it holds a whole one, else the mean of its values. There is no interval: no past error to measure one from. Once they hold enough history, run again to forecast them like the others.", "Ces séries ont trop peu de valeurs pour une fenêtre de test : aucun modèle n'a pu y être évalué. Chacune est prévue par une règle simple : sa dernière saison répétée si elle en a une entière, sinon la moyenne de ses valeurs. Pas d'intervalle : aucune erreur passée pour le mesurer. Quand elles auront assez d'historique, relancez pour les prévoir comme les autres.";
    ColValuesObserved => "Values observed", "Valeurs observées";
    ColRule => "Rule", "Règle";
    RuleLastSeason => "last season repeated", "dernière saison répétée";
    RuleMean => "mean of its values", "moyenne de ses valeurs";
    PerSeriesTitle => "Error per series", "Erreur par série";
    PerSeriesHelp => "The chosen model's backtest errors for each series, the least accurate first (by MASE). A series opened lately is scored on fewer windows. Pick a series to see its forecast.", "Les erreurs du modèle retenu sur le passé, série par série, la moins précise d'abord (selon le MASE). Une série ouverte récemment est évaluée sur moins de fenêtres. Choisissez une série pour voir sa prévision.";
    PerStepTitle => "Error per forecast step", "Erreur par pas de prévision";
    PerStepHelp => "Further ahead is harder: the chosen model's error at each step of the horizon.", "Plus loin, c'est plus dur : l'erreur du modèle retenu à chaque pas de l'horizon.";
    ColStep => "Step", "Pas";
    ColBias => "Bias", "Biais";
    ColTime => "Time (ms)", "Temps (ms)";
    CoverageTitle => "Interval report card", "Bulletin des intervalles";
    CoverageHelp => "How often the real value fell inside the band on past windows, next to the promised level. Each window is judged by a band set from the windows before it, as the bands would have been used.", "À quelle fréquence la vraie valeur est tombée dans la bande sur les fenêtres passées, à côté du niveau promis. Chaque fenêtre est jugée par une bande réglée sur les fenêtres qui la précèdent, comme les bandes auraient servi.";
    ColNominal => "Promised", "Promis";
    ColObserved => "Observed", "Observé";
    ColWidth => "Mean width", "Largeur moyenne";
    ColPoints => "Points", "Points";
    ImportanceTitle => "What matters most", "Ce qui compte le plus";
    ImportanceHelp => "Permutation importance: how much the backtest error grows when one feature is shuffled.", "Importance par permutation : de combien l'erreur de test augmente quand on mélange une variable.";
    ColFeature => "Feature", "Variable";
    ColImportance => "Error increase", "Hausse de l'erreur";
    ShapTitle => "Why this forecast", "Pourquoi cette prévision";
    ShapHelp => "SHAP values: starting from the average, what each feature adds or removes for the chosen day. They add up exactly to the forecast of the model explained.", "Valeurs SHAP : en partant de la moyenne, ce que chaque variable ajoute ou retire pour le jour choisi. Leur somme donne exactement la prévision du modèle expliqué.";
    ShapDay => "Forecast day", "Jour prévu";
    ShapBase => "Average (base value)", "Moyenne (valeur de base)";
    ShapGroups => "By family of features", "Par famille de variables";
    ColContribution => "Contribution", "Contribution";
    ColValue => "Value", "Valeur";
    SummaryTitle => "In plain words", "En clair";
    SummaryDays => "Day by day: what drives each forecast", "Jour par jour : ce qui tire chaque prévision";
    TimeSpent => "Where the time went", "Où le temps est passé";
    ResidualsTitle => "Residual diagnostics", "Diagnostic des résidus";
    ResidualsHelp => "Errors of the chosen model on past windows. Good residuals are centred on zero and show no pattern left (small autocorrelation).", "Erreurs du modèle retenu sur les fenêtres passées. De bons résidus sont centrés sur zéro et ne montrent plus de motif (faible autocorrélation).";
    ColMean => "Mean", "Moyenne";
    ColStd => "Std. dev.", "Écart-type";
    WarningsTitle => "Notes on this run", "Remarques sur ce calcul";
    NoExplanation => "No model of this run can be explained feature by feature: tick a tree or linear model in the set-up to see what drives the forecast.", "Aucun modèle de ce calcul ne s'explique variable par variable : cochez un modèle d'arbres ou linéaire dans les réglages pour voir ce qui tire la prévision.";

    // --- exports
    ExportTitle => "Export", "Exporter";
    ExportHelp => "Files are made in your browser and saved to your computer; nothing is sent anywhere. The forecast CSV is written like your file (separator, decimal mark, dates), with column headers in the language of this page: series, date, your value's own name, lower_80, upper_80…", "Les fichiers sont produits dans votre navigateur et enregistrés sur votre ordinateur ; rien n'est envoyé nulle part. Le CSV de prévision est écrit comme votre fichier (séparateur, virgule décimale, dates), avec des en-têtes de colonnes dans la langue de cette page : série, date, le nom de votre valeur à prévoir, borne_basse_80, borne_haute_80…";
    ExportCsv => "Forecast (CSV)", "Prévision (CSV)";
    ExportPng => "Chart (PNG)", "Graphique (PNG)";
    ExportReport => "Full report (JSON)", "Rapport complet (JSON)";
    ExportModel => "Model (JSON)", "Modèle (JSON)";
    ShareTitle => "Shareable link", "Lien à partager";
    ShareHelp => "Restores these settings (and the built-in dataset, if one is used). Your own file is never put in a link.", "Restaure ces réglages (et le jeu intégré, s'il est utilisé). Votre propre fichier n'est jamais mis dans un lien.";
    ImportModel => "Re-import a model (JSON)", "Réimporter un modèle (JSON)";
    NoFileChosen => "No file chosen", "Aucun fichier choisi";
    ImportModelHelp => "Forecasts the loaded data with a model saved earlier.", "Prévoit les données chargées avec un modèle enregistré auparavant.";
    ImportedTitle => "Forecast of the imported model", "Prévision du modèle importé";
    ImportFailed => "This file is not a Prevision model, or it does not fit the loaded data.", "Ce fichier n'est pas un modèle Prevision, ou il ne correspond pas aux données chargées.";

    // --- production tab
    TabProduction => "4. Production", "4. Mise en production";
    OpsTabsLabel => "Production tasks", "Tâches de mise en production";
    OpsModels => "Models", "Modèles";
    OpsCompare => "Compare", "Comparer";
    OpsNewData => "New data", "Nouvelles données";
    OpsMonitoring => "Monitoring", "Surveillance";
    OpsLoadTest => "Load test", "Test de charge";
    OpsGraduate => "Graduate", "Passer à l'échelle";
    OpsIntro => "A model is not finished when it is trained: it is versioned, compared with the one in service before replacing it, retrained when new data arrives, watched for drift and shown to hold under load. All of it happens in this browser.", "Un modèle n'est pas terminé une fois entraîné : on le versionne, on le compare à celui en service avant de le remplacer, on le réentraîne quand arrivent de nouvelles données, on surveille sa dérive et on vérifie qu'il tient la charge. Tout se passe dans ce navigateur.";
    OpsBusy => "Working in the background thread…", "Calcul en arrière-plan…";
    OpsCancel => "Stop", "Arrêter";
    OpsProgressLabel => "Progress of the production task", "Avancement de la tâche";
    ModelsTitle => "Model versions", "Versions du modèle";
    VersionsHelp => "Each version keeps its settings, the fitted model, a fingerprint of its training data (hash, dates, rows) and its backtest. Versions are stored in this browser (IndexedDB) and survive reloads; nothing is sent anywhere.", "Chaque version garde ses réglages, le modèle ajusté, une empreinte de ses données d'entraînement (empreinte, dates, lignes) et son évaluation. Les versions sont stockées dans ce navigateur (IndexedDB) et survivent au rechargement ; rien n'est envoyé nulle part.";
    SaveVersion => "Save the current run as a version", "Enregistrer le calcul actuel comme version";
    VersionLabel => "Label of the version", "Libellé de la version";
    NeedRun => "Run a forecast first (Results tab): its chosen model becomes the version.", "Lancez d'abord une prévision (onglet Résultats) : son modèle retenu devient la version.";
    ModelsEmpty => "No version saved yet. Save the run above to follow the production cycle: put it in service, compare versions, retrain on newer data, watch for drift.", "Aucune version enregistrée. Enregistrez la prévision ci-dessus pour suivre le cycle de production : la mettre en service, comparer des versions, réentraîner sur des données plus récentes, surveiller la dérive.";
    InService => "In service", "En service";
    DecisionsTitle => "Decisions of the non-regression gate", "Décisions du test de non-régression";
    MarkInService => "Put in service", "Mettre en service";
    DeleteVersion => "Delete", "Supprimer";
    ExportVersion => "Export (JSON)", "Exporter (JSON)";
    ImportVersion => "Import a version (JSON)", "Importer une version (JSON)";
    ImportVersionFailed => "This file is not a Prevision model version.", "Ce fichier n'est pas une version de modèle Prevision.";
    ColVersion => "Version", "Version";
    ColCreated => "Created", "Créée le";
    ColTrainingData => "Training data", "Données d'entraînement";
    ColActions => "Actions", "Actions";
    SkippedTitle => "Some stored entries could not be read and were skipped", "Certaines entrées enregistrées étaient illisibles et ont été ignorées";
    SkippedHelp => "They may come from another version of the app or have been damaged. The other versions work normally; delete the damaged entries to tidy up.", "Elles viennent peut-être d'une autre version de l'application ou ont été endommagées. Les autres versions fonctionnent normalement ; supprimez les entrées abîmées pour faire le ménage.";
    StorageFailed => "This browser refused to store the versions (private mode, or storage full). They are kept until the page is closed.", "Ce navigateur a refusé d'enregistrer les versions (navigation privée ou stockage plein). Elles sont gardées jusqu'à la fermeture de la page.";
    CompareTitle => "Compare two versions (A/B)", "Comparer deux versions (A/B)";
    CompareHelp => "Both versions are refitted on the same past windows of the loaded data, so neither is judged on data it learned from. The Diebold–Mariano test, with the Harvey–Leybourne–Newbold small-sample correction, says whether the difference is more than chance.", "Les deux versions sont réajustées sur les mêmes fenêtres passées des données chargées : aucune n'est jugée sur des données qu'elle a apprises. Le test de Diebold–Mariano, avec la correction petits échantillons de Harvey–Leybourne–Newbold, dit si l'écart dépasse le hasard.";
    ReferenceVersion => "Reference (A, usually the one in service)", "Référence (A, en général celle en service)";
    CandidateVersion => "Candidate (B)", "Candidate (B)";
    AlphaLabel => "Significance level of the test", "Seuil de significativité du test";
    AlphaHelp => "The candidate is only called worse when the test is this sure (5 % is customary).", "La candidate n'est jugée moins bonne que si le test en est sûr à ce point (5 % est l'usage).";
    CompareButton => "Compare on the loaded data", "Comparer sur les données chargées";
    NeedTwoVersions => "Save at least two versions to compare them.", "Enregistrez au moins deux versions pour les comparer.";
    ColDelta => "Change (B − A)", "Écart (B − A)";
    OverallRow => "All steps", "Tous les pas";
    CompareChart => "Last window: actual values and both versions' forecasts", "Dernière fenêtre : valeurs réelles et prévisions des deux versions";
    NewDataTitle => "Retrain on new data", "Réentraîner sur de nouvelles données";
    NewDataHelp => "Choose a newer export with the same columns. Its rows are appended (overlaps and conflicting values are listed), the version in service is refitted with the same settings, then the non-regression gate decides whether the candidate may replace it.", "Choisissez un export plus récent avec les mêmes colonnes. Ses lignes sont ajoutées (chevauchements et valeurs contradictoires listés), la version en service est réajustée avec les mêmes réglages, puis le test de non-régression décide si la candidate peut la remplacer.";
    NewDataPick => "Choose the newer CSV file", "Choisir le fichier CSV plus récent";
    NewDataDemo => "Use the demo store's next export", "Utiliser l'export suivant du magasin de démonstration";
    NewDataDemoHelp => "The same synthetic store four weeks later: the four planned weeks now have their sales, four more are planned, and from the second week a competitor nearby takes 30 % of the sales. Retrain on it, then check drift in Monitoring.", "Le même magasin fictif quatre semaines plus tard : les quatre semaines prévues ont maintenant leurs ventes, quatre autres sont planifiées, et dès la deuxième semaine un concurrent voisin prend 30 % des ventes. Réentraînez dessus, puis regardez la dérive dans Surveillance.";
    NeedInService => "Put a version in service first (Models).", "Mettez d'abord une version en service (Modèles).";
    RetrainButton => "Append, retrain and compare", "Ajouter, réentraîner et comparer";
    PromoteButton => "Promote the candidate", "Promouvoir la candidate";
    KeepButton => "Keep the version in service", "Garder la version en service";
    Promoted => "The candidate is now in service.", "La candidate est maintenant en service.";
    Kept => "The version in service was kept; the candidate is saved for reference.", "La version en service est conservée ; la candidate est enregistrée pour mémoire.";
    AppendTitle => "What was appended", "Ce qui a été ajouté";
    ConflictsTitle => "Conflicting values (the newer file wins)", "Valeurs contradictoires (le fichier le plus récent l'emporte)";
    ColOld => "Before", "Avant";
    ColNew => "Newer file", "Fichier récent";
    AppendRowsBefore => "Rows already loaded", "Lignes déjà chargées";
    AppendRowsNewer => "Rows in the newer file", "Lignes du fichier récent";
    AppendAppended => "New rows appended", "Nouvelles lignes ajoutées";
    AppendOverlapping => "Rows overlapping the loaded data", "Lignes qui chevauchent les données chargées";
    AppendIdentical => "…of which identical", "…dont identiques";
    AppendConflicts => "…of which conflicting", "…dont contradictoires";
    AppendGap => "Missing steps between the two files", "Pas manquants entre les deux fichiers";
    GateTitle => "Non-regression gate", "Test de non-régression";
    MonitorTitle => "Drift and live error", "Dérive et erreur réelle";
    MonitorHelp => "Compares the newest rows with the last stretch of the training window (four times as many rows, so steady growth is not drift), feature by feature: the Population Stability Index (PSI: under 0.1 stable, 0.1 to 0.25 moderate, above 0.25 significant) and the Kolmogorov–Smirnov distance; a PSI counts as drift only when the KS p-value is under 0.05, more than chance. Then the live error of the version in service — its forecasts made one horizon at a time, as in service — against its backtest error.", "Compare les lignes les plus récentes à la fin de la fenêtre d'entraînement (quatre fois plus de lignes, pour qu'une croissance régulière ne passe pas pour une dérive), variable par variable : l'indice de stabilité de population (PSI : moins de 0,1 stable, de 0,1 à 0,25 modérée, au-delà de 0,25 forte) et la distance de Kolmogorov–Smirnov ; un PSI ne compte comme dérive que si la p-valeur KS est sous 0,05, au-delà du hasard. Puis l'erreur réelle de la version en service — ses prévisions faites un horizon à la fois, comme en service — face à son erreur d'évaluation.";
    MonitorButton => "Check for drift", "Vérifier la dérive";
    RecentLabel => "Rows in the newest window", "Lignes de la fenêtre récente";
    RecentHelp => "The most recent rows, compared with four times as many at the end of the training window.", "Les lignes les plus récentes, comparées à quatre fois plus de lignes à la fin de la fenêtre d'entraînement.";
    ColPsi => "PSI", "PSI";
    ColKs => "KS distance", "Distance KS";
    ColPValue => "p-value", "p-valeur";
    ColLevel => "Drift", "Dérive";
    LevelStable => "Stable", "Stable";
    LevelModerate => "Moderate", "Modérée";
    LevelSignificant => "Significant", "Forte";
    NotMeasurable => "Not measurable (constant or missing)", "Non mesurable (constante ou manquante)";
    AlertsTitle => "Alerts", "Alertes";
    NoAlerts => "No alert: every rule is within its threshold.", "Aucune alerte : chaque règle est sous son seuil.";
    RulesTitle => "Alert rules", "Règles d'alerte";
    RulesHelp => "An alert fires when the metric exceeds the threshold over the last N windows of the recent period.", "Une alerte se déclenche quand la mesure dépasse le seuil sur les N dernières fenêtres de la période récente.";
    ColMetric => "Metric", "Mesure";
    ColThreshold => "Threshold", "Seuil";
    ColWindow => "Windows", "Fenêtres";
    ColSeverity => "Severity", "Gravité";
    AddRule => "Add a rule", "Ajouter une règle";
    RemoveRule => "Remove", "Retirer";
    MetricPsi => "PSI of a feature", "PSI d'une variable";
    MetricKs => "KS distance of a feature", "Distance KS d'une variable";
    MetricLiveError => "Live error ÷ backtest error", "Erreur réelle ÷ erreur d'évaluation";
    SeverityInfo => "Info", "Info";
    SeverityWarning => "Warning", "Attention";
    SeverityCritical => "Critical", "Critique";
    LiveErrorTitle => "Live error of the version in service", "Erreur réelle de la version en service";
    LoadTitle => "Load test", "Test de charge";
    LoadHelp => "Scores many feature rows through a fitted model, in batches and one by one, in the background thread: the page stays responsive. Throughput is predictions per second; the percentiles say how long 50 %, 95 % and 99 % of predictions take at most.", "Fait passer de nombreuses lignes de variables dans un modèle ajusté, par lots puis une par une, dans le fil d'arrière-plan : la page reste réactive. Le débit est en prédictions par seconde ; les centiles disent en combien de temps au plus 50 %, 95 % et 99 % des prédictions sont faites.";
    EventsLabel => "Events (feature rows)", "Événements (lignes de variables)";
    BatchLabel => "Batch size", "Taille des lots";
    LoadModelLabel => "Model", "Modèle";
    LoadModelVersion => "The version in service", "La version en service";
    LoadModelForest => "A random forest fitted on the loaded data", "Une forêt aléatoire ajustée sur les données chargées";
    LoadModelLinear => "A linear model fitted on the loaded data", "Un modèle linéaire ajusté sur les données chargées";
    LoadSourceLabel => "Rows", "Lignes";
    LoadSourceData => "Sampled from the data", "Tirées des données";
    LoadSourceGenerated => "Generated within the observed ranges", "Générées dans les plages observées";
    LoadRun => "Start the load test", "Lancer le test de charge";
    ColPhase => "Mode", "Mode";
    PhaseBatched => "In batches", "Par lots";
    PhaseSingle => "One by one", "Une par une";
    ColThroughput => "Predictions / s", "Prédictions / s";
    ColP50 => "p50", "p50";
    ColP95 => "p95", "p95";
    ColP99 => "p99", "p99";
    ColMax => "Max", "Max";
    LatencyChart => "Latency of single predictions", "Latence des prédictions une par une";
    GraduateTitle => "Graduate to Python", "Passer à Python";
    GraduateHelp => "When the data outgrows the browser: the data in long format (unique_id, ds, y, …) and a Python script that reproduces the chosen features, models and backtest with mlforecast and statsforecast, which scale out on Spark, Dask or Ray.", "Quand les données dépassent le navigateur : les données au format long (unique_id, ds, y, …) et un script Python qui reproduit les variables, les modèles et l'évaluation retenus avec mlforecast et statsforecast, qui passent à l'échelle sur Spark, Dask ou Ray.";
    DownloadLong => "Data in long format (CSV)", "Données au format long (CSV)";
    DownloadScript => "Python script", "Script Python";
    ScriptPreview => "The script", "Le script";
}

impl Lang {
    /// The name of the model with catalogue key `key` (the key itself if unknown).
    pub fn model_name(self, key: &str) -> String {
        self.model_name_at(key, prevision_engine::frame::Frequency::Daily)
    }

    /// The name of the model with catalogue key `key` with its default settings on data of
    /// frequency `freq` ("Moving average (24)" on hourly data).
    pub fn model_name_at(self, key: &str, freq: prevision_engine::frame::Frequency) -> String {
        prevision_engine::spec::ModelSpec::from_key_for(key, freq)
            .map(|m| match self {
                Lang::En => m.name_en(),
                Lang::Fr => m.name_fr(),
            })
            .unwrap_or_else(|| key.to_owned())
    }

    /// The name of a family of features.
    pub fn feature_group(self, g: prevision_engine::features::FeatureGroup) -> String {
        use prevision_engine::features::FeatureGroup as G;
        let (en, fr) = match g {
            G::RecentLevel => ("Recent level", "Niveau récent"),
            G::SeasonalPattern => ("Seasonal pattern", "Motif saisonnier"),
            G::Trend => ("Trend", "Tendance"),
            G::Calendar => ("Calendar", "Calendrier"),
            G::Holiday => ("Public holidays", "Jours fériés"),
            G::Exogenous => ("Extra columns", "Colonnes supplémentaires"),
            G::Series => ("Series", "Série"),
        };
        match self {
            Lang::En => en.to_owned(),
            Lang::Fr => fr.to_owned(),
        }
    }

    /// "Model 3 of 12 (Ridge), window 2 of 5".
    pub fn progress(self, model: &str, k: usize, n: usize, fold: usize, folds: usize) -> String {
        match (self, fold < folds) {
            (Lang::En, true) => {
                format!("Model {k} of {n} ({model}), window {} of {folds}", fold + 1)
            }
            (Lang::En, false) => format!("Model {k} of {n} ({model}), final fit"),
            (Lang::Fr, true) => {
                format!("Modèle {k} sur {n} ({model}), fenêtre {} sur {folds}", fold + 1)
            }
            (Lang::Fr, false) => format!("Modèle {k} sur {n} ({model}), ajustement final"),
        }
    }

    /// One line of the time breakdown: a stage of the run and its milliseconds. `stage` is
    /// `ingest`, `models` (every model's backtest and fit, summed over the workers) or one of
    /// the engine's `finish` stages.
    pub fn time_stage(self, stage: &str, ms: f64) -> String {
        let ms = self.number(ms, 0);
        let (en, fr) = match stage {
            "ingest" => ("Reading the CSV in the worker", "Lecture du CSV dans le fil de calcul"),
            "models" => (
                "Backtests and fits of every model (summed over the workers, which run side by side)",
                "Tests sur le passé et ajustements de chaque modèle (somme sur les fils de calcul, qui tournent en parallèle)",
            ),
            "ranking" => ("Leaderboard and ensemble", "Classement et ensemble"),
            "chosen" => ("Final fit of the chosen model", "Ajustement final du modèle retenu"),
            "calibration" => (
                "Calibration backtest and prediction intervals (summed over the workers)",
                "Tests de calibrage sur le passé et intervalles de prévision (somme sur les fils de calcul)",
            ),
            "explanation" => (
                "Explanation (SHAP, summed over the workers)",
                "Explication (SHAP, somme sur les fils de calcul)",
            ),
            "report" => ("Summary and report", "Résumé et rapport"),
            other => (other, other),
        };
        match self {
            Lang::En => format!("{en}: {ms} ms"),
            Lang::Fr => format!("{fr} : {ms} ms"),
        }
    }

    /// "Computed in 812 ms, in your browser".
    pub fn computed_in(self, ms: f64) -> String {
        match self {
            Lang::En => format!("Computed in {} ms, in your browser", self.number(ms, 0)),
            Lang::Fr => format!("Calculé en {} ms, dans votre navigateur", self.number(ms, 0)),
        }
    }

    /// The chosen model, for the results heading.
    pub fn chosen_model(self, model: &str, mase: Option<f64>) -> String {
        // Three decimals, trailing zeros kept: as the summary's sentence writes it (0.450).
        let mase = mase.map(|m| self.fixed(m, 3)).unwrap_or_else(|| "—".into());
        match self {
            Lang::En => format!("Chosen model: {model} (MASE {mase})"),
            Lang::Fr => format!("Modèle retenu : {model} (MASE {mase})"),
        }
    }

    /// The display name of the run's model `id` (`extra_trees` → "Extra trees (100 trees)").
    pub fn run_model_name(self, id: &str, names: RunNames<'_>) -> String {
        match names.leaderboard.iter().find(|r| r.id == id) {
            Some(row) if self == Lang::Fr => row.name_fr.clone(),
            Some(row) => row.name_en.clone(),
            None => self.model_name(id),
        }
    }

    /// Which model the SHAP card explains, in a sentence: the chosen one, or which other one
    /// and why its bars do not add up to the forecast shown.
    pub fn explained_model_note(self, report: &ForecastReport) -> Option<String> {
        let e = report.explanation.as_ref()?;
        let names = RunNames::of(report);
        let model = self.run_model_name(&e.model, names);
        let chosen = self.run_model_name(&report.chosen, names);
        let member = report
            .leaderboard
            .iter()
            .any(|r| r.id == report.chosen && r.members.contains(&e.model));
        Some(match (self, e.is_chosen, member) {
            (Lang::En, true, _) => format!("Model explained: {model}, the chosen one."),
            (Lang::Fr, true, _) => format!("Modèle expliqué : {model}, le modèle retenu."),
            (Lang::En, false, true) => format!(
                "Model explained: {model}, one of the models the chosen forecast combines; the \
                 bars add up to its forecast, not to the combination's."
            ),
            (Lang::Fr, false, true) => format!(
                "Modèle expliqué : {model}, l'un des modèles que combine la prévision retenue ; \
                 les barres donnent sa prévision, pas celle de la combinaison."
            ),
            (Lang::En, false, false) => format!(
                "Model explained: {model}. The chosen model, {chosen}, cannot be explained \
                 feature by feature: the bars add up to the forecast of {model}, not to the one \
                 shown above."
            ),
            (Lang::Fr, false, false) => format!(
                "Modèle expliqué : {model}. Le modèle retenu, {chosen}, ne s'explique pas \
                 variable par variable : les barres donnent la prévision de {model}, pas celle \
                 affichée plus haut."
            ),
        })
    }

    /// Which series the SHAP card explains when the run has more than it explains (the engine
    /// explains the first ones of the file, as many as its step budget allows: see
    /// `explained_series`); `None` when every series is explained.
    pub fn explained_series_note(self, report: &ForecastReport) -> Option<String> {
        let e = report.explanation.as_ref()?;
        let explained = e.series();
        if explained.len() >= report.series.len() {
            return None;
        }
        let n = explained.len();
        Some(match (self, n) {
            (Lang::En, 1) => format!(
                "The explanation is of the forecast of series {}, the first of the file; the other \
                 series' forecasts are made the same way.",
                self.run_series_name(explained[0], RunNames::of(report))
            ),
            (Lang::Fr, 1) => format!(
                "L'explication porte sur la prévision de la série {}, la première du fichier ; celles \
                 des autres séries sont faites de la même façon.",
                self.run_series_name(explained[0], RunNames::of(report))
            ),
            (Lang::En, _) => format!(
                "The explanation is of the forecasts of the first {n} series of the file (of {}); the \
                 others' are made the same way.",
                report.series.len()
            ),
            (Lang::Fr, _) => format!(
                "L'explication porte sur les prévisions des {n} premières séries du fichier (sur {}) ; \
                 celles des autres sont faites de la même façon.",
                report.series.len()
            ),
        })
    }

    /// How series number `index` of a run is called: its id in quotes, or its number.
    fn run_series_name(self, index: usize, names: RunNames<'_>) -> String {
        match (names.series.get(index), self) {
            (Some(id), Lang::Fr) => format!("« {id} »"),
            (Some(id), Lang::En) => format!("\"{id}\""),
            (None, _) => (index + 1).to_string(),
        }
    }

    /// Why a model could not be used, as the end of a sentence ("it needs at least 28 values
    /// to learn from, 23 were available"); `None` when only the engine's English says why.
    pub fn failure_kind(self, kind: &FailureKind) -> Option<String> {
        let fr = self == Lang::Fr;
        Some(match kind {
            FailureKind::NotEnoughData { needed, got } => {
                if fr {
                    format!(
                        "il lui faut au moins {needed} valeurs pour apprendre, il n'en avait que {got}"
                    )
                } else {
                    format!("it needs at least {needed} values to learn from and had only {got}")
                }
            }
            FailureKind::NonFiniteHistory => {
                if fr {
                    "il lui faut un historique complet, et des valeurs manquent ou ne sont pas des nombres".into()
                } else {
                    "it needs a complete history, and some values are missing or not numbers".into()
                }
            }
            FailureKind::Numerical => {
                if fr {
                    "son calcul n'a pas abouti sur ces données".into()
                } else {
                    "its computation did not converge on these data".into()
                }
            }
            FailureKind::NegativeValues => {
                if fr {
                    "la transformation logarithmique demande des valeurs positives ou nulles, et l'historique en a de négatives".into()
                } else {
                    "the log transform needs values of zero or more, and the history has negative ones".into()
                }
            }
            _ => return None,
        })
    }

    /// Why a run failed, in plain words.
    pub fn run_failure(self, failure: &crate::protocol::RunFailure) -> String {
        use crate::protocol::RunFailure as F;
        match (self, failure) {
            (_, F::Crashed) => self.ui(Ui::RunCrashed).to_owned(),
            // The engine learns from MIN_TRAIN values at least, then tests on the horizon: a
            // shorter horizon helps only when there are more than MIN_TRAIN values.
            (Lang::En, F::SeriesTooShort { series, got, .. }) if *got <= MIN_TRAIN => format!(
                "Series \"{series}\" has only {}: a forecast needs at least {}, {MIN_TRAIN} to learn from and one to test on. Load a longer history.",
                self.counted(*got, "value", "values"),
                MIN_TRAIN + 1
            ),
            (Lang::Fr, F::SeriesTooShort { series, got, .. }) if *got <= MIN_TRAIN => format!(
                "La série « {series} » n'a que {} : une prévision en demande au moins {}, {MIN_TRAIN} pour apprendre et une pour tester. Chargez un historique plus long.",
                self.counted(*got, "valeur", "valeurs"),
                MIN_TRAIN + 1
            ),
            (Lang::En, F::SeriesTooShort { series, needed, got }) => format!(
                "Series \"{series}\" has {got} values; this set-up needs at least {needed}: {MIN_TRAIN} to learn from, then the horizon to test on. Shorten the horizon in the set-up, or load a longer history."
            ),
            (Lang::Fr, F::SeriesTooShort { series, needed, got }) => format!(
                "La série « {series} » a {got} valeurs ; ces réglages en demandent au moins {needed} : {MIN_TRAIN} pour apprendre, puis l'horizon pour tester. Raccourcissez l'horizon dans les réglages, ou chargez un historique plus long."
            ),
            (_, F::NoModelSucceeded { kind, .. }) if self.failure_kind(kind).is_some() => {
                let why = self.failure_kind(kind).unwrap_or_default();
                match self {
                    Lang::En => {
                        format!("No model could be evaluated; the first one failed: {why}.")
                    }
                    Lang::Fr => {
                        format!("Aucun modèle n'a pu être évalué ; le premier a échoué : {why}.")
                    }
                }
            }
            (Lang::En, F::NoModelSucceeded { reason, .. }) => {
                format!("No model could be evaluated. First reason (engine): {reason}")
            }
            (Lang::Fr, F::NoModelSucceeded { reason, .. }) => format!(
                "Aucun modèle n'a pu être évalué. Première raison (détail du moteur, en anglais) : {reason}"
            ),
            (Lang::En, F::Invalid { detail }) => {
                format!(
                    "A setting does not fit these data (engine: {detail}). Change it on the Set-up step."
                )
            }
            (Lang::Fr, F::Invalid { detail }) => format!(
                "Un réglage ne convient pas à ces données (moteur : {detail}). Modifiez-le à l'étape Réglages."
            ),
            (Lang::En, F::Ingest { detail }) => {
                format!("The file could not be read with these column roles (engine: {detail}).")
            }
            (Lang::Fr, F::Ingest { detail }) => format!(
                "Le fichier n'a pas pu être lu avec ces rôles de colonnes (moteur : {detail})."
            ),
            (Lang::En, F::BadRequest { detail }) => {
                format!("The page and its engine disagree; reload the page ({detail}).")
            }
            (Lang::Fr, F::BadRequest { detail }) => {
                format!("La page et son moteur ne s'accordent pas ; rechargez la page ({detail}).")
            }
        }
    }
}

impl Lang {
    /// A run's warnings in plain words, in order, except that the per-step notes of a level
    /// too fine for the backtest's errors (one per step, and again for the report card) are
    /// told once per level, where the first of them was.
    pub fn forecast_warnings(
        self,
        warnings: &[prevision_engine::forecast::report::ForecastWarning],
        names: RunNames<'_>,
    ) -> Vec<String> {
        use prevision_engine::forecast::report::ForecastWarning as W;
        use prevision_engine::intervals::IntervalWarning as I;
        let short = |w: &W| match w {
            W::Interval(I::TooFewResiduals { level, n, needed, .. }) => Some((*level, *n, *needed)),
            _ => None,
        };
        let flat_fold = |w: &W| match w {
            W::Interval(I::FoldWithoutSpread { series, .. }) => Some(*series),
            _ => None,
        };
        let mut out = Vec::new();
        let mut told: Vec<u64> = Vec::new();
        let mut told_unchecked: Vec<u64> = Vec::new();
        let mut told_flat: Vec<usize> = Vec::new();
        for w in warnings {
            // A flat series leaves out every backtest window of it: told once per series.
            if let Some(series) = flat_fold(w) {
                if !told_flat.contains(&series) {
                    told_flat.push(series);
                    let windows = warnings.iter().filter(|w| flat_fold(w) == Some(series)).count();
                    let name = self.run_series_name(series, names);
                    out.push(match (self, self.is_plural(windows)) {
                        (Lang::Fr, true) => format!(
                            "Série {name} : {windows} fenêtres de test sans aucune variation de \
                             l'historique ; leurs erreurs ne servent pas aux intervalles."
                        ),
                        (Lang::Fr, false) => format!(
                            "Série {name} : {windows} fenêtre de test sans aucune variation de \
                             l'historique ; ses erreurs ne servent pas aux intervalles."
                        ),
                        (Lang::En, true) => format!(
                            "Series {name}: {windows} backtest windows with no variation in the \
                             history; their errors are not used for the intervals."
                        ),
                        (Lang::En, false) => format!(
                            "Series {name}: {windows} backtest window with no variation in the \
                             history; its errors are not used for the intervals."
                        ),
                    });
                }
                continue;
            }
            // Steps the report card could not judge: told once per level, and not at all when
            // that level's bands are already said to be uncalibrated.
            if let W::Interval(I::NotChecked { level, .. }) = w {
                if !told_unchecked.contains(&level.to_bits()) {
                    told_unchecked.push(level.to_bits());
                    out.extend(unchecked_level(warnings, *level).map(|u| self.unchecked_note(u)));
                }
                continue;
            }
            let Some((level, ..)) = short(w) else {
                out.push(self.forecast_warning(w, names));
                continue;
            };
            if told.contains(&level.to_bits()) {
                continue;
            }
            told.push(level.to_bits());
            let same =
                warnings.iter().filter_map(short).filter(|s| s.0.to_bits() == level.to_bits());
            let (low, high, needed) = same
                .fold((usize::MAX, 0, 0), |(lo, hi, nd), (_, n, need)| {
                    (lo.min(n), hi.max(n), nd.max(need))
                });
            let pct = self.level(level);
            // A range ("4–5 errors") is plural; a single count agrees with its number.
            let errors = if low == high {
                match self {
                    Lang::Fr => self.counted(low, "erreur passée", "erreurs passées"),
                    Lang::En => self.counted(low, "past error", "past errors"),
                }
            } else {
                match self {
                    Lang::Fr => format!("{low}–{high} erreurs passées"),
                    Lang::En => format!("{low}–{high} past errors"),
                }
            };
            out.push(if self == Lang::Fr {
                format!(
                    "Intervalles à {pct} : {errors} par pas, il en faut {needed} ; ces bandes ne \
                     sont pas calibrées. Plus de fenêtres de test ou un niveau plus bas les rendent \
                     calibrables."
                )
            } else {
                format!(
                    "{pct} intervals: {errors} per step, {needed} needed; these bands are not \
                     calibrated. More backtest windows or a lower level make them so."
                )
            });
        }
        out
    }

    /// The report card's notes of one level, told once (see [`unchecked_level`]).
    fn unchecked_note(self, u: UncheckedLevel) -> String {
        let pct = self.level(u.level);
        let (most, needed) = (u.most, u.needed);
        if self == Lang::Fr {
            format!(
                "Intervalles à {pct} : le bulletin des intervalles ne peut pas les vérifier à {} \
                 de l'horizon, aucune fenêtre de test n'ayant les {needed} erreurs de fenêtres \
                 antérieures qu'il lui faut (au plus {most}). Plus de fenêtres de test rendent la \
                 vérification possible.",
                self.counted(u.steps, "pas", "pas")
            )
        } else {
            format!(
                "{pct} intervals: the report card cannot check them at {} of the horizon, since \
                 no backtest window had the {needed} errors of earlier windows it needs (at most \
                 {most}). More backtest windows make the check possible.",
                self.counted(u.steps, "step", "steps")
            )
        }
    }

    /// A run's warning in plain words.
    pub fn forecast_warning(
        self,
        w: &prevision_engine::forecast::report::ForecastWarning,
        names: RunNames<'_>,
    ) -> String {
        use prevision_engine::forecast::report::ForecastWarning as W;
        use prevision_engine::intervals::IntervalWarning as I;
        let fr = self == Lang::Fr;
        match w {
            W::GapsInterpolated { series, count } => {
                if fr {
                    format!(
                        "Série « {series} » : {} pour les modèles et les métriques.",
                        self.counted(
                            *count,
                            "valeur manquante interpolée",
                            "valeurs manquantes interpolées"
                        )
                    )
                } else {
                    format!(
                        "Series \"{series}\": {} interpolated for the models and metrics.",
                        self.counted(*count, "missing value", "missing values")
                    )
                }
            }
            W::FewerWindows { asked, used } => {
                if fr {
                    format!(
                        "Historique court : {} au lieu de {asked}.",
                        self.counted(*used, "fenêtre de test", "fenêtres de test")
                    )
                } else {
                    format!(
                        "Short history: {} instead of {asked}.",
                        self.counted(*used, "backtest window", "backtest windows")
                    )
                }
            }
            W::LessThanTwoSeasons { season, history } => {
                if fr {
                    format!(
                        "Historique court : {history} pas, moins de deux saisons de {season} pas. \
                         Les modèles saisonniers et les retards d'une saison ont peu de données ; \
                         ceux qui ne peuvent pas être ajustés sont écartés."
                    )
                } else {
                    format!(
                        "Short history: {history} steps, less than two seasons of {season} steps. \
                         Seasonal models and one-season lags have little data; those that cannot \
                         be fitted are left out."
                    )
                }
            }
            W::SeriesSkipped { series, history, needed, fallback } => {
                use prevision_engine::forecast::report::FallbackMethod as F;
                if fr {
                    let rule = match fallback {
                        Some(F::LastSeason) => {
                            "Elle est prévue en répétant sa dernière saison, sans intervalle"
                        }
                        Some(F::Mean) => {
                            "Elle est prévue par la moyenne de ses valeurs, sans intervalle"
                        }
                        None => "Elle n'est pas prévue",
                    };
                    format!(
                        "Série « {series} » trop récente pour comparer les modèles : {}, il en \
                         faut {needed} pour une fenêtre de test. {rule} ; les autres séries ont \
                         la prévision du modèle choisi.",
                        self.counted(*history, "valeur observée", "valeurs observées")
                    )
                } else {
                    let rule = match fallback {
                        Some(F::LastSeason) => {
                            "It is forecast by repeating its last season, without an interval"
                        }
                        Some(F::Mean) => {
                            "It is forecast by the mean of its values, without an interval"
                        }
                        None => "It is not forecast",
                    };
                    format!(
                        "Series \"{series}\" too new to compare models on: {}, {needed} needed \
                         for one backtest window. {rule}; the other series get the chosen model's \
                         forecast.",
                        self.counted(*history, "observed value", "observed values")
                    )
                }
            }
            W::ShortSeriesLimitWindows { series, history, count, without, shorter_lags } => {
                let more = count.saturating_sub(1);
                if fr {
                    let others = match more {
                        0 => String::new(),
                        _ => format!(
                            " (et {} aussi courte{})",
                            self.counted(more, "autre série", "autres séries"),
                            if more > 1 { "s" } else { "" }
                        ),
                    };
                    let (qu_elle, sans, lignes, la, fichier) = match more {
                        0 => (
                            "qu'elle",
                            "Sans elle",
                            "ses lignes",
                            "prévoyez-la",
                            "un fichier à part",
                        ),
                        _ => (
                            "qu'elles",
                            "Sans elles",
                            "leurs lignes",
                            "prévoyez-les",
                            "des fichiers à part",
                        ),
                    };
                    let lags = if *shorter_lags {
                        ", et les variables ne regardent pas plus loin en arrière que l'historique le plus court"
                    } else {
                        ""
                    };
                    let more_lags =
                        if *shorter_lags { " et des variables plus riches" } else { "" };
                    format!(
                        "La série « {series} » n'a que {}{others} : toutes les séries sont testées \
                         sur aussi peu de fenêtres {qu_elle}{lags}. {sans}, les autres auraient \
                         {without} fenêtres de test. Retirez {lignes} du fichier, ou {la} dans \
                         {fichier}, pour comparer les modèles sur plus de fenêtres{more_lags}.",
                        self.counted(*history, "valeur observée", "valeurs observées")
                    )
                } else {
                    let others = match more {
                        0 => String::new(),
                        _ => format!(
                            " (and {} as short)",
                            self.counted(more, "other series", "other series")
                        ),
                    };
                    let (it, its, own, holds) = match more {
                        0 => ("it", "its", "a file of its own", "it holds"),
                        _ => ("them", "their", "files of their own", "they hold"),
                    };
                    let lags = if *shorter_lags {
                        ", and the features look back no further than the shortest history"
                    } else {
                        ""
                    };
                    let more_lags = if *shorter_lags { " with richer features" } else { "" };
                    format!(
                        "Series \"{series}\" has only {}{others}: every series is backtested on as \
                         few windows as {holds}{lags}. Without {it}, the others would hold \
                         {without} backtest windows. Remove {its} rows from the file, or forecast \
                         {it} in {own}, to compare the models on more windows{more_lags}.",
                        self.counted(*history, "observed value", "observed values")
                    )
                }
            }
            W::ShortSeriesFewerWindows { series, history, count, held, windows } => {
                let more = count.saturating_sub(1);
                if fr {
                    let values = self.counted(*history, "valeur observée", "valeurs observées");
                    let all = match windows {
                        1 => "la fenêtre de test des autres".to_string(),
                        n => format!("les {n} fenêtres de test des autres"),
                    };
                    let scored = match held {
                        0 => "elle n'est évaluée sur aucune, et elle est prévue par le modèle \
                              choisi sur les autres"
                            .to_string(),
                        1 => "elle n'est évaluée que sur la dernière".to_string(),
                        n => format!("elle n'est évaluée que sur les {n} dernières"),
                    };
                    let others = match more {
                        0 => String::new(),
                        1 => " Une autre série récente n'est évaluée que sur ses dernières \
                              fenêtres."
                            .to_string(),
                        n => format!(
                            " {n} autres séries récentes ne sont évaluées que sur leurs dernières \
                             fenêtres."
                        ),
                    };
                    format!(
                        "La série « {series} » n'a que {values} : trop récente pour {all}, \
                         {scored}. Les autres gardent toutes leurs fenêtres et leurs \
                         retards.{others}"
                    )
                } else {
                    let values = self.counted(*history, "observed value", "observed values");
                    let all = match windows {
                        1 => "the others' backtest window".to_string(),
                        n => format!("the others' {n} backtest windows"),
                    };
                    let scored = match held {
                        0 => "it is scored on none, and forecast by the model chosen on the \
                              others"
                            .to_string(),
                        1 => "it is scored on the latest only".to_string(),
                        n => format!("it is scored on the latest {n} only"),
                    };
                    let others = match more {
                        0 => String::new(),
                        1 => " One other new series is scored on its latest windows only."
                            .to_string(),
                        n => format!(
                            " {n} other new series are scored on their latest windows only."
                        ),
                    };
                    format!(
                        "Series \"{series}\" has only {values}: too new for {all}, {scored}. The \
                         others keep all their windows and lags.{others}"
                    )
                }
            }
            W::SeriesEndsEarly { series, last, count } => {
                let when = self.timestamp(*last);
                let others = self.as_do_others(*count);
                if fr {
                    format!(
                        "La série « {series} » s'arrête le {when}{others}, plus d'un horizon avant \
                         les dernières valeurs des autres : elle est prévue à partir de sa propre \
                         fin, sur des dates déjà passées pour les autres. Magasin fermé, ou export \
                         pas à jour ? S'il est fermé, retirez ses lignes du fichier."
                    )
                } else {
                    format!(
                        "Series \"{series}\" stops on {when}{others}, more than a horizon before \
                         the others' last values: it is forecast from its own end, over dates \
                         already past for the others. A closed store, or an export not yet \
                         updated? If it is closed, remove its rows from the file."
                    )
                }
            }
            W::ModelFailed { model, reason, kind, series } => {
                let model = self.run_model_name(model, names);
                let on = match (series, fr) {
                    (Some(s), true) => format!("sur la série « {s} », "),
                    (Some(s), false) => format!("on series \"{s}\", "),
                    (None, _) => String::new(),
                };
                match (self.failure_kind(kind), fr) {
                    (Some(why), true) => format!("Modèle {model} écarté : {on}{why}."),
                    (Some(why), false) => format!("Model {model} left out: {on}{why}."),
                    (None, true) => format!(
                        "Le modèle {model} a échoué et a été écarté (détail du moteur, en anglais : {reason})."
                    ),
                    (None, false) => {
                        format!("Model {model} failed and was left out (engine: {reason}).")
                    }
                }
            }
            W::ClippedAtZero => {
                if fr {
                    "L'historique n'a aucune valeur négative : les prévisions et bornes sous zéro ont été ramenées à zéro.".into()
                } else {
                    "The history has no negative value: forecasts and bounds below zero were raised to zero.".into()
                }
            }
            W::Interval(I::TooFewResiduals { step, level, n, needed }) => {
                let pct = self.level(*level);
                if fr {
                    format!(
                        "Intervalle à {pct} au pas {step} : {}, il en faut {needed} ; bande non calibrée.",
                        self.counted(*n, "erreur passée", "erreurs passées")
                    )
                } else {
                    format!(
                        "{pct} interval at step {step}: {}, {needed} needed; band not calibrated.",
                        self.counted(*n, "past error", "past errors")
                    )
                }
            }
            W::Interval(I::NotChecked { step, level, n, needed }) => {
                let pct = self.level(*level);
                if fr {
                    format!(
                        "Intervalle à {pct} au pas {step} : le bulletin ne peut pas le vérifier \
                         ({}, il en faut {needed}).",
                        self.counted(*n, "erreur antérieure", "erreurs antérieures")
                    )
                } else {
                    format!(
                        "{pct} interval at step {step}: the report card cannot check it ({}, \
                         {needed} needed).",
                        self.counted(*n, "earlier error", "earlier errors")
                    )
                }
            }
            W::Interval(I::FoldWithoutSpread { series, fold }) => {
                let series = self.run_series_name(*series, names);
                if fr {
                    format!(
                        "Série {series}, fenêtre {fold} : dispersion locale nulle, intervalle non mis à l'échelle."
                    )
                } else {
                    format!(
                        "Series {series}, window {fold}: no local spread, interval not rescaled."
                    )
                }
            }
            W::Interval(I::NoCalibration) => {
                if fr {
                    "Les historiques n'ont aucune variation (toujours la même valeur, par exemple que des zéros) : \
                     les erreurs passées ne peuvent pas être mises à leur échelle, les prévisions n'ont donc pas \
                     d'intervalles."
                        .into()
                } else {
                    "The histories have no variation (always the same value, e.g. all zeros): past errors \
                     cannot be scaled to them, so the forecasts have no intervals."
                        .into()
                }
            }
            W::Interval(I::SeriesWithoutSpread { series }) => {
                let series = self.run_series_name(*series, names);
                if fr {
                    format!(
                        "Série {series} : son historique récent n'a aucune variation, les intervalles ne \
                         peuvent pas être mis à son échelle ; sa prévision n'a pas d'intervalles."
                    )
                } else {
                    format!(
                        "Series {series}: its recent history has no variation, so the intervals cannot \
                         be scaled to it; its forecast has no intervals."
                    )
                }
            }
            W::ExplainedAnotherModel { model, member_of_ensemble } => {
                let model = self.run_model_name(model, names);
                match (fr, member_of_ensemble) {
                    (true, true) => format!(
                        "La prévision retenue combine plusieurs modèles ; l'explication porte sur \
                         le meilleur d'entre eux à variables ({model})."
                    ),
                    (true, false) => format!(
                        "Le modèle retenu ne s'explique pas variable par variable ; l'explication porte sur le meilleur modèle qui le permet ({model})."
                    ),
                    (false, true) => format!(
                        "The chosen forecast combines several models; the explanation is of its \
                         best feature-based member ({model})."
                    ),
                    (false, false) => format!(
                        "The chosen model cannot be explained feature by feature; the explanation is of the best model that can ({model})."
                    ),
                }
            }
            W::FutureValuesMissing { column, known, horizon } => {
                if fr {
                    format!(
                        "« {column} » est marquée connue à l'avance, mais le fichier ne donne sa \
                         valeur que pour {known} des {horizon} pas prévus : elle a servi comme \
                         colonne observée seulement (ses valeurs passées). Ajoutez ses valeurs \
                         futures au fichier pour qu'elle compte le jour prévu."
                    )
                } else {
                    format!(
                        "\"{column}\" is set as known in advance, but the file gives its value for \
                         only {known} of the {horizon} forecast steps: it was used as observed only \
                         (its past values). Add its future values to the file for it to count on \
                         the day forecast."
                    )
                }
            }
            W::MaseLeavesOut { series, count } => {
                let more = count.saturating_sub(1);
                if fr {
                    let others = match more {
                        0 => String::new(),
                        _ => format!(" et {}", self.counted(more, "autre", "autres")),
                    };
                    format!(
                        "Le MASE, qui désigne le modèle, laisse de côté les fenêtres de test où \
                         l'historique ne varie jamais (série « {series} »{others}) : les erreurs \
                         n'y ont pas d'échelle. Les autres séries et fenêtres décident."
                    )
                } else {
                    let others = match more {
                        0 => String::new(),
                        _ => format!(" and {}", self.counted(more, "other", "others")),
                    };
                    format!(
                        "MASE, which picks the model, leaves out the backtest windows where a \
                         history never varies (series \"{series}\"{others}): errors there have \
                         no scale. The other series and windows decide."
                    )
                }
            }
            W::EnsembleChosen { members } => {
                let members: Vec<String> =
                    members.iter().map(|m| self.run_model_name(m, names)).collect();
                if fr {
                    format!(
                        "La moyenne des meilleurs modèles ({}) bat chacun d'eux : elle est retenue.",
                        members.join(", ")
                    )
                } else {
                    format!(
                        "The combination of the best models ({}) beats each of them and is chosen.",
                        members.join(", ")
                    )
                }
            }
            _ => {
                if fr {
                    "Remarque du moteur.".into()
                } else {
                    "Engine note.".into()
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prevision_engine::forecast::report::FallbackMethod;

    #[test]
    fn the_shap_card_names_the_model_it_explains_and_why_when_not_the_chosen_one() {
        use prevision_engine::spec::{ForecastSpec, ModelSpec};
        let mut csv = String::from("date,sales\n");
        for day in 0..120i64 {
            let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
                + chrono::Duration::days(day);
            csv.push_str(&format!("{d},{}\n", 100 + day % 7 * 10 + day * 37 % 11));
        }
        let options = prevision_engine::ingest::IngestOptions::default();
        let frame =
            prevision_engine::ingest::ingest(csv.as_bytes(), &options).expect("reads").frame;
        let spec = ForecastSpec {
            models: vec![ModelSpec::Naive, ModelSpec::Ridge { alpha: 1.0 }],
            ..ForecastSpec::default()
        };
        let mut report =
            prevision_engine::forecast::run(&frame, &spec, &mut ()).expect("runs").report;
        let explained = report.explanation.as_ref().expect("ridge is explained").model.clone();
        assert_eq!(explained, "ridge");
        let set = |report: &mut ForecastReport, chosen: &str, is_chosen: bool| {
            report.chosen = chosen.into();
            if let Some(e) = report.explanation.as_mut() {
                e.is_chosen = is_chosen;
            }
        };
        set(&mut report, "ridge", true);
        assert_eq!(
            Lang::En.explained_model_note(&report).as_deref(),
            Some("Model explained: Ridge (α=1), the chosen one.")
        );
        set(&mut report, "naive", false);
        let note = Lang::Fr.explained_model_note(&report).unwrap_or_default();
        assert!(
            note.starts_with(
                "Modèle expliqué : Ridge (α=1). Le modèle retenu, Naïf, ne s'explique pas"
            ),
            "{note}"
        );
        assert!(Lang::En.explained_model_note(&report).unwrap_or_default().contains(
            "The chosen model, Naive, cannot be explained feature by feature: the bars add up to \
             the forecast of Ridge"
        ));
        let mut ensemble = report.leaderboard[0].clone();
        ensemble.id = "ensemble".into();
        ensemble.members = vec!["naive".into(), "ridge".into()];
        report.leaderboard.push(ensemble);
        set(&mut report, "ensemble", false);
        assert!(
            Lang::En
                .explained_model_note(&report)
                .unwrap_or_default()
                .contains("one of the models the chosen forecast combines"),
            "{:?}",
            Lang::En.explained_model_note(&report)
        );
        // Every series explained: no need to say which.
        assert_eq!(Lang::En.explained_series_note(&report), None);
        report.series.push("other".into());
        assert_eq!(
            Lang::Fr.explained_series_note(&report).as_deref(),
            Some(
                "L'explication porte sur la prévision de la série « sales », la première du fichier ; \
                 celles des autres séries sont faites de la même façon."
            )
        );
        if let Some(e) = report.explanation.as_mut() {
            let mut second = e.steps.clone();
            second.iter_mut().for_each(|s| s.series = 1);
            e.steps.extend(second);
        }
        assert_eq!(Lang::En.explained_series_note(&report), None, "both are explained");
        report.series.push("third".into());
        assert_eq!(
            Lang::En.explained_series_note(&report).as_deref(),
            Some(
                "The explanation is of the forecasts of the first 2 series of the file (of 3); the \
                 others' are made the same way."
            )
        );
        report.explanation = None;
        assert_eq!(Lang::En.explained_model_note(&report), None);
    }

    #[test]
    fn the_short_history_and_clipping_warnings_read_in_both_languages() {
        use prevision_engine::forecast::report::ForecastWarning as W;
        let short = W::LessThanTwoSeasons { season: 52, history: 80 };
        assert_eq!(
            Lang::En.forecast_warning(&short, RunNames::default()),
            "Short history: 80 steps, less than two seasons of 52 steps. Seasonal models and \
             one-season lags have little data; those that cannot be fitted are left out."
        );
        assert!(
            Lang::Fr
                .forecast_warning(&short, RunNames::default())
                .starts_with("Historique court : 80 pas")
        );
        assert_eq!(
            Lang::En.forecast_warning(&W::ClippedAtZero, RunNames::default()),
            "The history has no negative value: forecasts and bounds below zero were raised to zero."
        );
        assert!(
            Lang::Fr
                .forecast_warning(&W::ClippedAtZero, RunNames::default())
                .contains("ramenées à zéro")
        );
        let unchecked = |step, level, n| {
            W::Interval(prevision_engine::intervals::IntervalWarning::NotChecked {
                step,
                level,
                n,
                needed: if level > 0.9 { 19 } else { 4 },
            })
        };
        let card: Vec<W> = (2..=7).map(|k| unchecked(k, 0.8, 3)).collect();
        assert_eq!(
            Lang::En.forecast_warnings(&card, RunNames::default()),
            ["80% intervals: the report card cannot check them at 6 steps of the horizon, since \
              no backtest window had the 4 errors of earlier windows it needs (at most 3). More \
              backtest windows make the check possible."]
        );
        assert!(
            Lang::Fr.forecast_warnings(&card, RunNames::default())[0]
                .starts_with("Intervalles à 80\u{202f}% : le bulletin des intervalles ne peut pas les vérifier à 6 pas de l'horizon"),
            "{:?}",
            Lang::Fr.forecast_warnings(&card, RunNames::default())
        );
        // Bands already said to be uncalibrated at a level: the card's note is not added.
        let both = [
            unchecked(1, 0.95, 0),
            W::Interval(prevision_engine::intervals::IntervalWarning::TooFewResiduals {
                step: 1,
                level: 0.95,
                n: 1,
                needed: 19,
            }),
        ];
        let told = Lang::En.forecast_warnings(&both, RunNames::default());
        assert_eq!(told.len(), 1, "{told:?}");
        assert!(told[0].contains("these bands are not calibrated"), "{told:?}");
        let too_few = |step, n| {
            W::Interval(prevision_engine::intervals::IntervalWarning::TooFewResiduals {
                step,
                level: 0.95,
                n,
                needed: 19,
            })
        };
        let mut many: Vec<W> = (1..=7).map(|k| too_few(k, 4)).collect();
        many.insert(2, W::ClippedAtZero);
        many.extend((1..=7).map(|k| too_few(k, 5)));
        assert_eq!(
            Lang::En.forecast_warnings(&many, RunNames::default()),
            [
                "95% intervals: 4–5 past errors per step, 19 needed; these bands are not \
                 calibrated. More backtest windows or a lower level make them so."
                    .to_owned(),
                Lang::En.forecast_warning(&W::ClippedAtZero, RunNames::default()),
            ]
        );
        assert!(
            Lang::Fr.forecast_warnings(&many[..1], RunNames::default())[0]
                .starts_with("Intervalles à 95\u{202f}% : 4 erreurs passées par pas")
        );
        let tiny =
            crate::protocol::RunFailure::SeriesTooShort { series: "s".into(), needed: 15, got: 3 };
        assert_eq!(
            Lang::En.run_failure(&tiny),
            "Series \"s\" has only 3 values: a forecast needs at least 9, 8 to learn from and one \
             to test on. Load a longer history."
        );
        let short =
            crate::protocol::RunFailure::SeriesTooShort { series: "s".into(), needed: 15, got: 12 };
        assert!(Lang::En.run_failure(&short).contains("Shorten the horizon in the set-up"));
        assert!(Lang::Fr.run_failure(&tiny).starts_with("La série « s » n'a que 3 valeurs"));
        let skipped = W::SeriesSkipped {
            series: "104".into(),
            history: 2,
            needed: 15,
            fallback: Some(FallbackMethod::Mean),
        };
        assert_eq!(
            Lang::En.forecast_warning(&skipped, RunNames::default()),
            "Series \"104\" too new to compare models on: 2 observed values, 15 needed for one \
             backtest window. It is forecast by the mean of its values, without an interval; the \
             other series get the chosen model's forecast."
        );
        assert_eq!(
            Lang::Fr.forecast_warning(&skipped, RunNames::default()),
            "Série « 104 » trop récente pour comparer les modèles : 2 valeurs observées, il en \
             faut 15 pour une fenêtre de test. Elle est prévue par la moyenne de ses valeurs, \
             sans intervalle ; les autres séries ont la prévision du modèle choisi."
        );
        let week = W::SeriesSkipped {
            series: "105".into(),
            history: 9,
            needed: 15,
            fallback: Some(FallbackMethod::LastSeason),
        };
        assert!(
            Lang::En
                .forecast_warning(&week, RunNames::default())
                .contains("It is forecast by repeating its last season")
        );
        assert!(
            Lang::Fr
                .forecast_warning(&week, RunNames::default())
                .contains("Elle est prévue en répétant sa dernière saison")
        );
    }

    #[test]
    fn model_and_interval_failures_read_in_each_language_with_display_names() {
        use prevision_engine::forecast::report::{FailureKind, ForecastWarning as W};
        use prevision_engine::intervals::IntervalWarning as I;
        let failed = W::ModelFailed {
            model: "seasonal_average".into(),
            reason: "not enough data: 48 rows needed, 29 available".into(),
            kind: FailureKind::NotEnoughData { needed: 48, got: 29 },
            series: None,
        };
        let row = |id: &str, en: &str, fr: &str| LeaderboardRow {
            id: id.into(),
            name_en: en.into(),
            name_fr: fr.into(),
            family: None,
            metrics: None,
            per_step: vec![],
            per_series: vec![],
            members: vec![],
            rank: None,
            failure: None,
        };
        let board = [
            row("seasonal_average", "Seasonal average (6)", "Moyenne saisonnière (6)"),
            row("extra_trees", "Extra trees (100 trees)", "Extra-trees (100 arbres)"),
            row("knn", "k nearest neighbours (k=10)", "k plus proches voisins (k=10)"),
        ];
        let series = ["north".to_owned(), "south".to_owned()];
        let names = RunNames { leaderboard: &board, series: &series };
        assert_eq!(
            Lang::En.forecast_warning(&failed, names),
            "Model Seasonal average (6) left out: it needs at least 48 values to learn from and \
             had only 29."
        );
        assert_eq!(
            Lang::Fr.forecast_warning(&failed, names),
            "Modèle Moyenne saisonnière (6) écarté : il lui faut au moins 48 valeurs pour \
             apprendre, il n'en avait que 29."
        );
        // A store too new for the model is named.
        let on_one = W::ModelFailed {
            model: "seasonal_average".into(),
            reason: "series \"Nice\": not enough data: 48 rows needed, 29 available".into(),
            kind: FailureKind::NotEnoughData { needed: 48, got: 29 },
            series: Some("Nice".into()),
        };
        assert_eq!(
            Lang::En.forecast_warning(&on_one, names),
            "Model Seasonal average (6) left out: on series \"Nice\", it needs at least 48 values \
             to learn from and had only 29."
        );
        assert!(Lang::Fr.forecast_warning(&on_one, names).starts_with(
            "Modèle Moyenne saisonnière (6) écarté : sur la série « Nice », il lui faut"
        ));
        // Without the run's leaderboard, the catalogue names the model.
        let alone = Lang::Fr.forecast_warning(&failed, RunNames::default());
        assert!(alone.starts_with("Modèle Moyenne saisonnière"), "{alone}");
        // A reason the studio cannot word keeps the engine's text, said to be in English.
        let odd = W::ModelFailed {
            model: "knn".into(),
            reason: "shape mismatch".into(),
            kind: FailureKind::Other,
            series: None,
        };
        assert_eq!(
            Lang::Fr.forecast_warning(&odd, names),
            "Le modèle k plus proches voisins (k=10) a échoué et a été écarté (détail du moteur, \
             en anglais : shape mismatch)."
        );
        let explained =
            W::ExplainedAnotherModel { model: "extra_trees".into(), member_of_ensemble: false };
        let member =
            W::ExplainedAnotherModel { model: "extra_trees".into(), member_of_ensemble: true };
        assert!(Lang::En.forecast_warning(&member, names).starts_with(
            "The chosen forecast combines several models; the explanation is of its best \
             feature-based member ("
        ));
        assert!(
            Lang::Fr
                .forecast_warning(&member, names)
                .starts_with("La prévision retenue combine plusieurs modèles ;")
        );
        let ensemble = W::EnsembleChosen { members: vec!["knn".into(), "extra_trees".into()] };
        for lang in [Lang::En, Lang::Fr] {
            for w in [&failed, &explained, &ensemble] {
                let text = lang.forecast_warning(w, names);
                for id in ["seasonal_average", "extra_trees", "knn,", "engine", "moteur"] {
                    assert!(!text.contains(id), "{lang:?}: {text}");
                }
            }
        }
        assert!(
            Lang::Fr.forecast_warning(&explained, names).ends_with("(Extra-trees (100 arbres)).")
        );
        assert!(
            Lang::En
                .forecast_warning(&ensemble, names)
                .contains("(k nearest neighbours (k=10), Extra trees (100 trees))")
        );
        // Flat histories: no intervals, said in words, with the series' id.
        let none = W::Interval(I::NoCalibration);
        assert!(Lang::En.forecast_warning(&none, names).contains("have no intervals"));
        assert!(Lang::Fr.forecast_warning(&none, names).contains("pas d'intervalles"));
        let flat = W::Interval(I::SeriesWithoutSpread { series: 1 });
        assert!(Lang::Fr.forecast_warning(&flat, names).starts_with("Série « south » : "));
        assert!(Lang::En.forecast_warning(&flat, names).starts_with("Series \"south\": "));
        // A flat series' backtest windows are told once, not once per window.
        let folds: Vec<W> =
            (0..30).map(|fold| W::Interval(I::FoldWithoutSpread { series: 1, fold })).collect();
        let told = Lang::En.forecast_warnings(&folds, names);
        assert_eq!(
            told,
            ["Series \"south\": 30 backtest windows with no variation in the history; their \
              errors are not used for the intervals."]
        );
        // Every model failed: the typed reason, in French too.
        let all = crate::protocol::RunFailure::NoModelSucceeded {
            reason: "not enough data: 48 rows needed, 29 available".into(),
            kind: FailureKind::NotEnoughData { needed: 48, got: 29 },
        };
        assert_eq!(
            Lang::Fr.run_failure(&all),
            "Aucun modèle n'a pu être évalué ; le premier a échoué : il lui faut au moins 48 \
             valeurs pour apprendre, il n'en avait que 29."
        );
        assert!(!Lang::En.run_failure(&all).contains("engine"));
    }

    #[test]
    fn counts_in_run_notes_agree_with_their_nouns_in_both_languages() {
        use prevision_engine::forecast::report::ForecastWarning as W;
        use prevision_engine::intervals::IntervalWarning as I;
        let series = ["north".to_owned()];
        let names = RunNames { leaderboard: &[], series: &series };
        let one_fold = [W::Interval(I::FoldWithoutSpread { series: 0, fold: 3 })];
        assert_eq!(
            Lang::Fr.forecast_warnings(&one_fold, names),
            ["Série « north » : 1 fenêtre de test sans aucune variation de l'historique ; ses \
              erreurs ne servent pas aux intervalles."]
        );
        assert!(
            Lang::En.forecast_warnings(&one_fold, names)[0]
                .contains(": 1 backtest window with no variation in the history; its errors")
        );
        let fewer = W::FewerWindows { asked: 5, used: 1 };
        assert_eq!(
            Lang::Fr.forecast_warning(&fewer, names),
            "Historique court : 1 fenêtre de test au lieu de 5."
        );
        assert_eq!(
            Lang::En.forecast_warning(&fewer, names),
            "Short history: 1 backtest window instead of 5."
        );
        let limiting = W::ShortSeriesLimitWindows {
            series: "new".into(),
            history: 30,
            count: 1,
            without: 5,
            shorter_lags: false,
        };
        assert_eq!(
            Lang::En.forecast_warning(&limiting, names),
            "Series \"new\" has only 30 observed values: every series is backtested on as few \
             windows as it holds. Without it, the others would hold 5 backtest windows. Remove its \
             rows from the file, or forecast it in a file of its own, to compare the models on \
             more windows."
        );
        let limiting = W::ShortSeriesLimitWindows {
            series: "new".into(),
            history: 30,
            count: 3,
            without: 5,
            shorter_lags: true,
        };
        assert!(
            Lang::Fr
                .forecast_warning(&limiting, names)
                .contains("sur aussi peu de fenêtres qu'elles, et les variables"),
            "{}",
            Lang::Fr.forecast_warning(&limiting, names)
        );
        assert!(
            Lang::En.forecast_warning(&limiting, names).contains(
                "as they hold, and the features look back no further than the shortest history. Without \
                 them,"
            ),
            "{}",
            Lang::En.forecast_warning(&limiting, names)
        );
        assert!(
            Lang::Fr.forecast_warning(&limiting, names).ends_with(
                "pour comparer les modèles sur plus de fenêtres et des variables plus riches."
            ),
            "{}",
            Lang::Fr.forecast_warning(&limiting, names)
        );
        assert!(
            Lang::Fr.forecast_warning(&limiting, names).starts_with(
                "La série « new » n'a que 30 valeurs observées (et 2 autres séries aussi courtes) :"
            ),
            "{}",
            Lang::Fr.forecast_warning(&limiting, names)
        );
        assert!(
            Lang::En
                .forecast_warning(&limiting, names)
                .contains("30 observed values (and 2 other series as short):")
        );
        let last = chrono::NaiveDate::from_ymd_opt(2023, 5, 17)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("a date");
        let fewer = W::ShortSeriesFewerWindows {
            series: "Nice".into(),
            history: 20,
            count: 2,
            held: 1,
            windows: 5,
        };
        assert_eq!(
            Lang::En.forecast_warning(&fewer, names),
            "Series \"Nice\" has only 20 observed values: too new for the others' 5 backtest \
             windows, it is scored on the latest only. The others keep all their windows and \
             lags. One other new series is scored on its latest windows only."
        );
        let fewer = W::ShortSeriesFewerWindows {
            series: "Lille".into(),
            history: 32,
            count: 1,
            held: 2,
            windows: 5,
        };
        assert_eq!(
            Lang::Fr.forecast_warning(&fewer, names),
            "La série « Lille » n'a que 32 valeurs observées : trop récente pour les 5 fenêtres \
             de test des autres, elle n'est évaluée que sur les 2 dernières. Les autres gardent \
             toutes leurs fenêtres et leurs retards."
        );
        let early = W::SeriesEndsEarly { series: "Lyon".into(), last, count: 1 };
        assert_eq!(
            Lang::Fr.forecast_warning(&early, names),
            "La série « Lyon » s'arrête le 17/05/2023, plus d'un horizon avant les dernières \
             valeurs des autres : elle est prévue à partir de sa propre fin, sur des dates déjà \
             passées pour les autres. Magasin fermé, ou export pas à jour ? S'il est fermé, \
             retirez ses lignes du fichier."
        );
        let early = W::SeriesEndsEarly { series: "Lyon".into(), last, count: 3 };
        assert!(
            Lang::En
                .forecast_warning(&early, names)
                .starts_with("Series \"Lyon\" stops on 2023-05-17 (as do 2 other series), more")
        );
        let flat = W::MaseLeavesOut { series: "Closed".into(), count: 1 };
        assert_eq!(
            Lang::En.forecast_warning(&flat, names),
            "MASE, which picks the model, leaves out the backtest windows where a history never \
             varies (series \"Closed\"): errors there have no scale. The other series and windows \
             decide."
        );
        let flat = W::MaseLeavesOut { series: "Closed".into(), count: 3 };
        assert!(
            Lang::Fr
                .forecast_warning(&flat, names)
                .contains("ne varie jamais (série « Closed » et 2 autres) : les erreurs"),
            "{}",
            Lang::Fr.forecast_warning(&flat, names)
        );
        let gap = W::GapsInterpolated { series: "north".into(), count: 1 };
        assert!(Lang::Fr.forecast_warning(&gap, names).contains(": 1 valeur manquante interpolée"));
        assert!(Lang::En.forecast_warning(&gap, names).contains(": 1 missing value interpolated"));
        let skipped =
            W::SeriesSkipped { series: "s".into(), history: 0, needed: 15, fallback: None };
        assert!(Lang::Fr.forecast_warning(&skipped, names).contains(
            ": 0 valeur observée, il en faut 15 pour une fenêtre de test. Elle n'est pas prévue ;"
        ));
        assert!(Lang::En.forecast_warning(&skipped, names).contains(
            "on: 0 observed values, 15 needed for one backtest window. It is not forecast;"
        ));
        let one_error = [W::Interval(I::TooFewResiduals { step: 1, level: 0.8, n: 1, needed: 9 })];
        assert!(
            Lang::Fr.forecast_warnings(&one_error, names)[0]
                .starts_with("Intervalles à 80\u{202f}% : 1 erreur passée par pas")
        );
        assert!(
            Lang::En.forecast_warnings(&one_error, names)[0]
                .starts_with("80% intervals: 1 past error per step")
        );
        let tiny =
            crate::protocol::RunFailure::SeriesTooShort { series: "s".into(), needed: 15, got: 1 };
        assert!(Lang::Fr.run_failure(&tiny).starts_with("La série « s » n'a que 1 valeur :"));
        assert!(Lang::En.run_failure(&tiny).starts_with("Series \"s\" has only 1 value:"));
    }

    #[test]
    fn english_texts_hold_no_french_and_french_texts_no_engineering_english() {
        assert!(Lang::En.ui(Ui::HorizonHelp).contains("(D+7)"));
        assert!(Lang::Fr.ui(Ui::HorizonHelp).contains("(J+7)"));
        for stage in ["ingest", "models", "calibration", "explanation"] {
            let fr = Lang::Fr.time_stage(stage, 12.0);
            assert!(!fr.contains("worker") && !fr.contains("Backtest"), "{fr}");
        }
        for &key in Ui::ALL {
            let en = Lang::En.ui(key);
            assert!(!en.contains("J+") && !en.chars().any(|c| "éèêàçù".contains(c)), "{en}");
        }
    }

    #[test]
    fn every_fixed_text_exists_in_both_languages_and_differs_where_words_do() {
        let mut same = 0;
        for &key in Ui::ALL {
            let (en, fr) = (Lang::En.ui(key), Lang::Fr.ui(key));
            assert!(!en.trim().is_empty() && !fr.trim().is_empty(), "{key:?}");
            if en == fr {
                same += 1;
            }
        }
        // Only short words and symbols are spelled alike (Date, Version, PSI, p50, Info…).
        assert!(same <= 24, "{same} texts are not translated");
    }
}
