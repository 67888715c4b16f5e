# vuln: sys.argv[1] is stored on BackupJob.dest and used in the os.system() command string built by run()
import os
import sys
import time


class BackupJob:
    def __init__(self, source_dir, dest):
        self.source_dir = source_dir
        self.dest = dest
        self.stamp = time.strftime("%Y%m%d-%H%M%S")

    def archive_name(self):
        return f"{self.dest}/backup-{self.stamp}.tar.gz"

    def run(self):
        command = "tar czf " + self.archive_name() + " " + self.source_dir
        status = os.system(command)
        if status != 0:
            raise SystemExit(f"backup failed with status {status}")


def main(argv):
    if len(argv) < 2:
        print("usage: backup.py DEST", file=sys.stderr)
        return 2
    job = BackupJob("/var/lib/example-app", argv[1])
    job.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
