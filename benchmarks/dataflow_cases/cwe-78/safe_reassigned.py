import subprocess


def main():
    cmd = input("command: ")
    print("ignoring", len(cmd), "characters; running the default report")
    cmd = "df -h"
    subprocess.run(cmd, shell=True)


main()
