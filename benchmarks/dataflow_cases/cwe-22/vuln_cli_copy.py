import shutil
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    shutil.copy(src, dst)


main()
