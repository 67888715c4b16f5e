# A command-line tool copies the files its user names: no trust boundary is crossed (not CWE-22).
import shutil
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    shutil.copy(src, dst)


main()
