"""``indpol export``, ``indpol query`` and ``indpol compare``."""

from __future__ import annotations

import sys

import click

from indpol.cli.base import config_option, csv_dialect_option, handle_errors, main


@main.command("export")
@click.argument("run_dir", type=click.Path(file_okay=False))
@click.option(
    "--format", "formats", default="jsonl", show_default=True, help="Any of jsonl,csv,parquet,xlsx."
)
@click.option(
    "--to", "to", type=click.Path(file_okay=False), default=None, help="Output folder (default: RUN_DIR)."
)
@csv_dialect_option
@handle_errors
def export_command(run_dir: str, formats: str, to: str | None, csv_dialect: str) -> None:
    """Write every table of a run folder's store as JSONL, CSV, Parquet or one Excel workbook.

    Example:

    \b
        indpol export out/ --format csv,xlsx
        indpol export out/ --format csv --csv-dialect excel-ru --to for-excel/
        indpol export out/ --format parquet --to tables/
    """
    from indpol.store.export import export_run

    written = export_run(run_dir, formats=formats, to=to, csv_dialect=csv_dialect)
    click.echo(f"wrote {len(written)} files to {written[0].parent if written else to or run_dir}")


@main.command("query")
@click.argument("run_dir", type=click.Path(file_okay=False))
@click.argument("sql")
@click.option("--max-rows", type=int, default=200, show_default=True, help="Rows to print (0: all).")
@click.option(
    "--max-width",
    type=int,
    default=60,
    show_default=True,
    help="Cut longer cells in the plain table (0: never).",
)
@click.option(
    "--csv", "as_csv", is_flag=True, help="Print every row as CSV (nothing cut), for pipes and files."
)
@click.option("--json", "as_json", is_flag=True, help="Print the rows as one JSON array (nothing cut).")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON object per row (nothing cut).")
@click.option(
    "--allow-files",
    is_flag=True,
    help="Let the SQL reach files, the network and extensions (DuckDB's COPY, read_csv …); off by default.",
)
@handle_errors
def query_command(
    run_dir: str,
    sql: str,
    max_rows: int,
    max_width: int,
    as_csv: bool,
    as_json: bool,
    as_jsonl: bool,
    allow_files: bool,
) -> None:
    """Run SQL over a run folder's store (read-only) and print the result as a table.

    The SQL reaches nothing but the store: "COPY … TO", "read_csv('/etc/passwd')", "INSTALL" and the like are
    refused unless --allow-files is given (then DuckDB's file functions work, still read-only on the store).

    Tables: documents, passages, tables, entities, figures, stages, failures, runs, and the views
    passage_directions (one row per passage and direction) and acts (one row per act cited, with its mentions);
    ``indpol tables`` lists the tables with their columns. On a terminal numbers are never cut: long
    text folds instead.

    Example:

    \b
        indpol query out/ "SELECT indicator, value, unit FROM figures WHERE unit = 'USD'"
        indpol query out/ "SELECT * FROM stages" --csv > stages.csv
        indpol query out/ "SELECT source, value FROM figures" --jsonl | head
    """
    from indpol.comparison.report import print_rows
    from indpol.store.database import Store

    if sum((as_csv, as_json, as_jsonl)) > 1:
        raise click.UsageError("use just one of --csv, --json or --jsonl")
    with Store.open(run_dir, read_only=True, sealed=not allow_files) as store:
        columns, rows = store.query(sql)
    if as_json or as_jsonl:
        import json

        records = [dict(zip(columns, row, strict=True)) for row in rows]
        if as_json:
            click.echo(json.dumps(records, ensure_ascii=False, default=str, indent=1))
        else:
            for record in records:
                click.echo(json.dumps(record, ensure_ascii=False, default=str))
        return
    if as_csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return
    print_rows(columns, rows, max_rows=max_rows, max_width=max_width, rich=sys.stdout.isatty())


@main.command("compare")
@click.argument("old", type=click.Path(exists=True))
@click.argument("new", type=click.Path(exists=True))
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Report: report.html (one self-contained page), .md, or .xlsx (a sheet per change table).",
)
@click.option(
    "--csv", "csv_path", type=click.Path(dir_okay=False), default=None, help="All changes as one CSV."
)
@config_option
@handle_errors
def compare_command(
    old: str, new: str, out: str | None, csv_path: str | None, config_path: str | None
) -> None:
    """Show what changed between two documents or run folders (figures, stages, entities, directions).

    A side is a run folder (with facts.duckdb), a document, or a folder of documents
    (processed first). Prints the summary; --out writes the full report with evidence.

    Example:

    \b
        indpol compare out-2022/ out-2023/ --out changes.html --csv changes.csv
        indpol compare report-2022.pdf report-2023.pdf --out changes.md
    """
    from indpol.comparison.report import summary_lines, write_report
    from indpol.comparison.sides import compare

    comparison = compare(old, new, config=config_path)
    for line in summary_lines(comparison):
        click.echo(line)
    if out:
        click.echo(f"report: {write_report(comparison, out)}")
    if csv_path:
        click.echo(f"changes: {comparison.write_csv(csv_path)}")


@main.command("tables")
@click.argument("run_dir", type=click.Path(file_okay=False))
@click.argument("table", required=False)
@handle_errors
def tables_command(run_dir: str, table: str | None) -> None:
    """List the tables and views of a run folder's store with their row counts and what each holds, or
    one table's columns with their types and meaning.

    Example:

    \b
        indpol tables out/
        indpol tables out/ figures
        indpol tables out/ passage_directions
    """
    from indpol.store.database import Store, table_columns
    from indpol.store.schema import TABLE_MEANINGS, TABLES, VIEW_MEANINGS, column_meaning

    known = {**TABLE_MEANINGS, **VIEW_MEANINGS}
    if table is not None and table not in known:
        raise click.UsageError(f"no table {table!r} (tables: {', '.join(known)})")
    with Store.open(run_dir, read_only=True) as store:
        if table is None:
            for name, meaning in known.items():
                (count,) = store.con.execute(f"SELECT count(*) FROM {name}").fetchone()
                kind = " (view)" if name in VIEW_MEANINGS else ""
                click.echo(f"{name:<18} {count:>8} rows  {meaning}{kind}")
            return
        if table in TABLES:
            columns = list(TABLES[table].columns)
        else:  # a view: its columns as the store has them
            columns = store.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position",
                [table],
            ).fetchall()
        have = table_columns(store.con, table)
        for column, sql_type in columns:
            if have and column not in have:
                continue  # an older store without this column
            click.echo(f"{column:<16} {sql_type:<9} {column_meaning(table, column)}")
