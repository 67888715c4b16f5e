import os
import subprocess


def backup():
    target = os.environ.get("BACKUP_TARGET", "/backups")
    subprocess.run("tar czf %s/site.tgz /srv/site" % target, shell=True, check=True)


if __name__ == "__main__":
    backup()
