import os
import sys


def main():
    port = int(sys.argv[1])
    os.system("fuser -k %d/tcp" % port)


main()
