import click

from deployer import tasks


@click.group()
def main():
    """Deploy helper for the web fleet."""


@main.command()
@click.option("--ref", default="main", help="git ref to deploy")
@click.option("--env", "environment", type=click.Choice(["staging", "production"]), default="staging")
def deploy(ref, environment):
    output = tasks.deploy(ref, environment)
    click.echo(output)


@main.command()
def status():
    click.echo(tasks.status())


if __name__ == "__main__":
    main()
