// Names the Action publishes and the App looks for: kept in one place so both faces agree.
export const benchmarkCheckRunName = "llrt-migrate benchmark";
export const benchmarkCommentMarker = "<!-- llrt-migrate:benchmark -->";
