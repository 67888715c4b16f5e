# vuln: the input() expression is concatenated into "lambda x: ..." and eval()'d in make_transform()
import csv
import sys


def make_transform(expr):
    source = "lambda x: " + expr
    return eval(source)


def transform_column(path, column, func):
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            row[column] = func(float(row[column]))
            yield row


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "example-data.csv"
    column = "value"
    expr = input("transform (use x): ")
    func = make_transform(expr)
    writer = csv.writer(sys.stdout)
    for row in transform_column(path, column, func):
        writer.writerow(row.values())


if __name__ == "__main__":
    main()
