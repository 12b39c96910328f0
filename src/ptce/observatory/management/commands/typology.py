"""`ptce typology INPUT.csv`: MCA + HCPC of any CSV of categorical data, FactoMineR's numbers.

    ptce typology poles.csv --supplementary laureat_2013 --id pole --json
    ptce typology enquete.csv --active q1,q2,q3,q4 --quantitative-supplementary age --clusters 4

The CSV is UTF-8 (a BOM is fine), separated by `,` or `;` (detected from the header); an
empty field is a missing value, which becomes the category "<variable>.NA" as in FactoMineR.
Columns named in --active or --supplementary are categorical whatever they look like (0/1
codes are categories); without --active, every non-numeric column not named elsewhere is
active, and numeric columns not named are left out (and listed). --quantitative-supplementary
columns are numbers (a decimal comma is read in `;`-separated files); a missing number is
replaced by the column's mean, as FactoMineR does.

`--json` writes one document:
{"input", "n_individuals", "active", "supplementary", "quantitative_supplementary",
"ignored_columns", "ncp", "eigenvalues": [{"value", "percent"}], "individuals": [{"id",
"coord": [Dim 1, …], "cluster"}] in input row order, "categories": [{"name", "variable",
"supplementary", "coord", "cos2", "contrib" (null for supplementary ones), "vtest"}],
"variables": [{"name", "supplementary", "eta2"}], "quantitative": [{"name", "coord"}],
"clustering": {"n_clusters", "suggested_n_clusters", "min", "max", "ratios",
"inertia_gains", "between_inertia_tree", "between_inertia", "total_inertia"},
"clusters": [{"cluster", "size", "description": [{"category", "variable", "cla_mod",
"mod_cla", "global", "p_value", "vtest"}], "quantitative": [...], "axes": [...]}],
"chi2": [{"variable", "p_value", "df"}]}. Numbers are plain floats; a value that is not
finite is null. Contributions and percentages are in %. Ids are the --id column's values,
or the row numbers 1..n (as strings, like R's row names).

Exit codes: 0 done, 2 usage error (unreadable file, unknown column, bad option).
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ptce.network.cli import USAGE_ERROR, UsageErrorParser
from ptce_analytics.typology import HCPC, MCA

# Inertia gains listed in the JSON: the top of the tree is what the rule reads.
TOP_GAINS = 30


def _columns(text: str | None) -> list[str]:
    if not text:
        return []
    return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def _number(value: Any) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _numbers(values) -> list[float | None]:
    return [_number(value) for value in np.asarray(values, dtype=float).ravel()]


def _usage(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def read_table(path: Path) -> tuple[pd.DataFrame, str]:
    """The CSV as strings (missing: empty fields) and its separator, `,` or `;`."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(64 * 1024)
    except FileNotFoundError:
        raise _usage(_("Fichier introuvable : %(path)s") % {"path": path}) from None
    except UnicodeDecodeError:
        raise _usage(_("%(path)s n'est pas un fichier texte UTF-8.") % {"path": path}) from None
    except OSError as error:
        raise _usage(_("Lecture impossible de %(path)s : %(error)s")
                     % {"path": path, "error": error}) from None
    lines = sample.splitlines()
    if not lines or not lines[0].strip():
        raise _usage(_("Le fichier %(path)s est vide.") % {"path": path})
    # The separator that splits the header into more fields.
    fields = {sep: len(next(csv.reader([lines[0]], delimiter=sep))) for sep in (",", ";")}
    separator = ";" if fields[";"] > fields[","] else ","
    try:
        frame = pd.read_csv(path, sep=separator, dtype=str, keep_default_na=False,
                            na_values=[""], encoding="utf-8-sig", skipinitialspace=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise _usage(_("CSV illisible (%(path)s) : %(error)s")
                     % {"path": path, "error": error}) from None
    # Surrounding spaces are not part of an answer; a blank cell is a missing one.
    frame = frame.apply(lambda column: column.str.strip()).replace("", np.nan)
    frame.columns = [str(column).strip() for column in frame.columns]
    return frame, separator


def as_numbers(column: pd.Series, separator: str) -> pd.Series | None:
    """The column as floats, or None when a value is not a number."""
    text = column.astype("string")
    if separator == ";":  # French spreadsheets: decimal comma
        text = text.str.replace(",", ".", regex=False)
    try:
        return pd.to_numeric(text, errors="raise").astype(float)
    except (TypeError, ValueError):
        return None


class Command(BaseCommand):
    help = _(
        "Typologie d'un fichier CSV de variables qualitatives : analyse des correspondances "
        "multiples puis classification hiérarchique sur composantes principales (mêmes "
        "résultats que FactoMineR)."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = UsageErrorParser  # usage errors exit with 2
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", metavar="INPUT.csv", help=_("fichier CSV, `,` ou `;`"))
        parser.add_argument("--active", metavar="COLS",
                            help=_("variables actives, séparées par des virgules (par défaut "
                                   "toutes les colonnes non numériques)"))
        parser.add_argument("--supplementary", metavar="COLS",
                            help=_("variables qualitatives supplémentaires"))
        parser.add_argument("--quantitative-supplementary", metavar="COLS",
                            dest="quantitative_supplementary",
                            help=_("variables quantitatives supplémentaires"))
        parser.add_argument("--ncp", type=int, default=5, metavar="N",
                            help=_("nombre d'axes gardés et classés (5 par défaut)"))
        parser.add_argument("--clusters", default="auto", metavar="auto|K",
                            help=_("nombre de classes, ou auto (règle du gain d'inertie)"))
        parser.add_argument("--id", dest="id_column", metavar="COL",
                            help=_("colonne identifiant les individus (par défaut le numéro "
                                   "de ligne)"))
        parser.add_argument("--json", action="store_true", help=_("écrire le résultat en JSON"))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["input"])
        frame, separator = read_table(path)
        clusters = self._clusters(options["clusters"])
        if options["ncp"] < 1:
            raise _usage(_("--ncp doit valoir au moins 1."))
        active = _columns(options["active"])
        supplementary = _columns(options["supplementary"])
        quantitative = _columns(options["quantitative_supplementary"])
        id_column = options["id_column"]
        named = [*active, *supplementary, *quantitative, *([id_column] if id_column else [])]
        unknown = [name for name in named if name not in frame.columns]
        if unknown:
            raise _usage(_("Colonne(s) inconnue(s) : %(unknown)s. Colonnes du fichier : "
                           "%(known)s.") % {"unknown": ", ".join(unknown),
                                            "known": ", ".join(frame.columns)})
        repeated = sorted({name for name in named if named.count(name) > 1})
        if repeated:
            raise _usage(_("Colonne(s) nommée(s) deux fois : %(names)s.")
                         % {"names": ", ".join(repeated)})
        numbers = {}
        for name in quantitative:
            numbers[name] = as_numbers(frame[name], separator)
            if numbers[name] is None:
                raise _usage(_("La colonne « %(name)s » n'est pas numérique.") % {"name": name})
        ignored = []
        if not active:
            for name in frame.columns:
                if name in named:
                    continue
                empty = frame[name].isna().all()
                if empty or as_numbers(frame[name], separator) is not None:
                    ignored.append(name)
                else:
                    active.append(name)
        else:
            ignored = [name for name in frame.columns if name not in named]
        if not active:
            raise _usage(_("Aucune variable active : nommez-les avec --active."))

        ids = (frame[id_column].fillna("").tolist() if id_column
               else [str(row) for row in range(1, len(frame) + 1)])
        data = frame[[name for name in frame.columns if name in {*active, *supplementary}
                      or name in numbers]].copy()
        for name, values in numbers.items():
            data[name] = values
        try:
            mca = MCA(n_components=options["ncp"]).fit(
                data, supplementary=supplementary, quantitative_supplementary=quantitative
            )
            hcpc = HCPC(n_clusters=clusters).fit(mca)
        except ValueError as error:
            raise _usage(_("Analyse impossible : %(error)s") % {"error": error}) from None
        document = typology_document(mca, hcpc, ids)
        document = {"input": path.name, **document, "ignored_columns": ignored}
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=1))
            return
        self._print(document)

    @staticmethod
    def _clusters(text: str) -> int | str:
        if text == "auto":
            return "auto"
        try:
            value = int(text)
        except ValueError:
            raise _usage(_("--clusters vaut auto ou un entier, pas « %(text)s ».")
                         % {"text": text}) from None
        if value < 2:
            raise _usage(_("--clusters doit valoir au moins 2."))
        return value

    def _print(self, document: dict[str, Any]) -> None:
        write = self.stdout.write
        write(_("%(input)s : %(n)s individus, %(q)s variables actives (%(j)s modalités)")
              % {"input": document["input"], "n": document["n_individuals"],
                 "q": len(document["active"]),
                 "j": sum(1 for c in document["categories"] if not c["supplementary"])})
        if document["ignored_columns"]:
            write(_("Colonnes laissées de côté : %(names)s")
                  % {"names": ", ".join(document["ignored_columns"])})
        write("")
        # xgettext:no-python-format
        write(_("Valeurs propres (axe, valeur, % d'inertie)"))
        for axis, eig in enumerate(document["eigenvalues"][:10], 1):
            write(f"  Dim {axis:<3} {eig['value']:.6f}  {eig['percent']:6.2f} %")
        clustering = document["clustering"]
        write("")
        write(_("%(k)s classes (règle du gain d'inertie : %(s)s)")
              % {"k": clustering["n_clusters"], "s": clustering["suggested_n_clusters"]})
        for cluster in document["clusters"]:
            write("")
            write(_("Classe %(c)s : %(n)s individus") % {"c": cluster["cluster"],
                                                        "n": cluster["size"]})
            for row in cluster["description"][:8]:
                write(f"  {row['category']:<40} v.test {row['vtest']:7.2f}  "
                      f"{row['mod_cla']:5.1f} % / {row['global']:5.1f} %")


def typology_document(mca: MCA, hcpc: HCPC, ids: list[str]) -> dict[str, Any]:
    """The MCA and HCPC results as plain JSON values (see the module docstring)."""
    coordinates = mca.row_coordinates_.to_numpy()
    categories = []
    for name, row in mca.categories_.iterrows():
        categories.append({
            "name": name, "variable": row["variable"], "supplementary": False,
            "coord": _numbers(mca.category_coordinates_.loc[name]),
            "cos2": _numbers(mca.category_cos2_.loc[name]),
            "contrib": _numbers(mca.category_contributions_.loc[name]),
            "vtest": _numbers(mca.category_vtest_.loc[name]),
        })
    for name, row in mca.supplementary_categories_.iterrows():
        categories.append({
            "name": name, "variable": row["variable"], "supplementary": True,
            "coord": _numbers(mca.supplementary_coordinates_.loc[name]),
            "cos2": _numbers(mca.supplementary_cos2_.loc[name]),
            "contrib": None,
            "vtest": _numbers(mca.supplementary_vtest_.loc[name]),
        })
    variables = [
        {"name": name, "supplementary": supplementary, "eta2": _numbers(values)}
        for table, supplementary in ((mca.eta2_, False), (mca.supplementary_eta2_, True))
        for name, values in table.iterrows()
    ]
    description = hcpc.description_
    axes = hcpc.axes_description_
    sizes = np.bincount(hcpc.labels_, minlength=hcpc.n_clusters_ + 1)
    clusters = []
    for cluster in range(1, hcpc.n_clusters_ + 1):
        category_rows, quantitative_rows = description.for_cluster(cluster)
        _none, axis_rows = axes.for_cluster(cluster)
        clusters.append({
            "cluster": cluster,
            "size": int(sizes[cluster]),
            "description": [
                {"category": row.category, "variable": row.variable,
                 "cla_mod": _number(row.cla_mod), "mod_cla": _number(row.mod_cla),
                 "global": _number(row["global"]), "p_value": _number(row.p_value),
                 "vtest": _number(row.v_test)}
                for _index, row in category_rows.iterrows()
            ],
            "quantitative": [_quantitative(row) for _index, row in quantitative_rows.iterrows()],
            "axes": [_quantitative(row) for _index, row in axis_rows.iterrows()],
        })
    return {
        "n_individuals": mca.n_individuals_,
        "active": mca.active_variables_,
        "supplementary": mca.supplementary_variables_,
        "quantitative_supplementary": mca.quantitative_supplementary_,
        "ncp": mca.n_components_,
        "eigenvalues": [{"value": _number(value), "percent": _number(percent)}
                        for value, percent in zip(mca.eigenvalues_, mca.percent_, strict=True)],
        "individuals": [
            {"id": ids[i], "coord": _numbers(coordinates[i]), "cluster": int(hcpc.labels_[i])}
            for i in range(len(ids))
        ],
        "categories": categories,
        "variables": variables,
        "quantitative": [{"name": name, "coord": _numbers(values)}
                         for name, values in mca.quantitative_correlations_.iterrows()],
        "clustering": {
            "n_clusters": hcpc.n_clusters_,
            "suggested_n_clusters": hcpc.suggested_n_clusters_,
            "min": hcpc.min_,
            "max": hcpc.max_,
            "ratios": {str(k): _number(ratio) for k, ratio in hcpc.ratios_.items()},
            "inertia_gains": _numbers(hcpc.inertia_gains_[:TOP_GAINS]),
            "between_inertia_tree": _number(hcpc.between_inertia_tree_),
            "between_inertia": _number(hcpc.between_inertia_),
            "total_inertia": _number(hcpc.total_inertia_),
        },
        "clusters": clusters,
        "chi2": [{"variable": row.variable, "p_value": _number(row.p_value), "df": int(row.df)}
                 for _index, row in description.chi2.iterrows()],
    }


def _quantitative(row: pd.Series) -> dict[str, Any]:
    return {"variable": row["variable"], "vtest": _number(row["v_test"]),
            "mean_in_category": _number(row["mean_in_category"]),
            "overall_mean": _number(row["overall_mean"]),
            "sd_in_category": _number(row["sd_in_category"]),
            "overall_sd": _number(row["overall_sd"]), "p_value": _number(row["p_value"])}
