# FactoMineR 2.7 references with missing values and 0/1 codes, which the shared reference set
# does not cover. Generated on this machine (Debian 12, r-cran-factominer 2.7-1) with:
#
#   Rscript tests/typology/reference/make_na_fixtures.R <folder holding lib_export.R> <tea.csv>
#
# lib_export.R and tea.csv come from the FactoMineR reference folder (scripts/ and
# out/tea/data/). Writes tea_na/ and codes01/ beside this script, in the same formats.
options(warn = 1, stringsAsFactors = FALSE)
args <- commandArgs(trailingOnly = TRUE)
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
source(file.path(args[1], "lib_export.R"))

run <- function(name, X, mca_args, call_txt) {
  data_dir <- file.path(here, name, "data")
  X <- export_dataset(X, data_dir, name)
  outdir <- file.path(here, name, "mca")
  res <- do.call(MCA, c(list(X = X, graph = FALSE), mca_args))
  export_mca(res, X, outdir, call_txt)
  for (nb in c(-1, 3)) {
    tag <- if (nb < 0) "hcpc_auto" else paste0("hcpc_k", nb)
    hc <- HCPC(res, nb.clust = nb, consol = TRUE, graph = FALSE)
    hc0 <- HCPC(res, nb.clust = nb, consol = FALSE, graph = FALSE)
    export_hcpc(hc, file.path(outdir, tag), sprintf("HCPC(res.mca, nb.clust=%d, consol=TRUE, graph=FALSE)", nb),
                rownames(res$ind$coord), hc_noconsol = hc0)
  }
}

# tea with missing answers in three active variables, one supplementary categorical
# variable and the numeric supplementary variable (rows chosen by fixed steps, no RNG).
tea <- read.csv(args[2], check.names = FALSE, stringsAsFactors = TRUE)
tea <- tea[, c(1:18, 19, 20, 21)]
tea$Tea[seq(5, 300, by = 37)] <- NA
tea$How[seq(11, 300, by = 29)] <- NA
tea$price[seq(3, 300, by = 41)] <- NA
tea$SPC[seq(7, 300, by = 31)] <- NA
tea$age[seq(2, 300, by = 43)] <- NA
run("tea_na", tea, list(quanti.sup = 19, quali.sup = 20:21),
    "MCA(tea_na, quanti.sup=19, quali.sup=20:21)")

# 0/1 codes: labels shared by several variables (FactoMineR renames them "<variable>_<level>"),
# with missing answers.
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(7)
n <- 150
latent <- sample.int(3, n, replace = TRUE)
bin <- function(p) factor(rbinom(n, 1, p[latent]))
codes <- data.frame(
  employer_group = bin(c(0.8, 0.3, 0.1)),
  showcase = bin(c(0.7, 0.6, 0.2)),
  laureate = bin(c(0.6, 0.2, 0.4)),
  rural = bin(c(0.2, 0.7, 0.3)),
  leader = factor(c("association", "company", "local authority")[
    ifelse(runif(n) < 0.6, latent, sample.int(3, n, replace = TRUE))]),
  territory = factor(c("rural", "peri-urban", "deindustrialised", "priority district")[
    sample.int(4, n, replace = TRUE)])
)
codes$showcase[seq(4, n, by = 17)] <- NA
codes$leader[seq(9, n, by = 23)] <- NA
codes$territory[seq(2, n, by = 19)] <- NA
run("codes01", codes, list(quali.sup = 6), "MCA(codes01, quali.sup=6)")
cat("done\n")
