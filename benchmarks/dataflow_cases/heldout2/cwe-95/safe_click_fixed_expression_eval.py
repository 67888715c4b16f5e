# Safe: eval only ever runs the constant FORMULA string; the command-line amounts are converted to Decimal and passed in as variables.
from decimal import Decimal, InvalidOperation

import click

FORMULA = "principal * (1 + rate / periods) ** (periods * years)"


def compound(principal: Decimal, rate: Decimal, years: int, periods: int = 12) -> Decimal:
    scope = {"principal": principal, "rate": rate, "years": years, "periods": periods}
    return eval(FORMULA, {"__builtins__": {}}, scope)


@click.command()
@click.argument("principal")
@click.option("--rate", default="0.05", help="yearly rate as a decimal")
@click.option("--years", default=10, type=int)
def main(principal, rate, years):
    try:
        p, r = Decimal(principal), Decimal(rate)
    except InvalidOperation:
        raise click.BadParameter("amounts must be decimal numbers")
    click.echo(f"{compound(p, r, years):.2f}")


if __name__ == "__main__":
    main()
