# FactoMineR side of the `typology` benchmark (bench/typology_bench.py runs it when R and
# FactoMineR are installed): MCA(d) then HCPC(res, nb.clust=-1, consol=TRUE), FactoMineR's
# defaults, timed like the reference timings (system.time()[["elapsed"]], one R session).
#
#   Rscript bench/typology_factominer.R INPUT.csv[.gz] REPEATS OUTDIR
#
# Writes OUTDIR/timing.json (seconds of each repetition), OUTDIR/clusters.csv (the final
# partition, input row order) and OUTDIR/coords.csv (the individuals' coordinates, 17
# significant digits), so that the partitions can be compared.
options(warn = 1, stringsAsFactors = FALSE)
suppressMessages(library(FactoMineR))
args <- commandArgs(trailingOnly = TRUE)
input <- args[1]
reps <- as.integer(args[2])
outdir <- args[3]
dir.create(outdir, recursive = TRUE, showWarnings = FALSE)
d <- read.csv(input, colClasses = "character", na.strings = "", check.names = FALSE)
for (v in names(d)) d[[v]] <- factor(d[[v]])
mca_s <- numeric(0)
hcpc_s <- numeric(0)
for (r in seq_len(reps)) {
  invisible(gc())
  mca_s[r] <- system.time(res <- MCA(d, graph = FALSE))[["elapsed"]]
  hcpc_s[r] <- system.time(hc <- HCPC(res, nb.clust = -1, consol = TRUE, graph = FALSE))[["elapsed"]]
  if (r < reps) rm(hc)
}
clusters <- as.integer(as.character(hc$data.clust[rownames(res$ind$coord), "clust"]))
write.csv(data.frame(cluster = clusters), file.path(outdir, "clusters.csv"), row.names = FALSE)
coords <- res$ind$coord
write.csv(format(as.data.frame(coords), digits = 17), file.path(outdir, "coords.csv"),
          row.names = FALSE, quote = FALSE)
writeLines(sprintf('{"mca_s": [%s], "hcpc_s": [%s], "n_clusters": %d, "factominer": "%s", "r": "%s"}',
                   paste(mca_s, collapse = ", "), paste(hcpc_s, collapse = ", "),
                   nlevels(hc$data.clust$clust), as.character(packageVersion("FactoMineR")),
                   R.version.string),
           file.path(outdir, "timing.json"))
