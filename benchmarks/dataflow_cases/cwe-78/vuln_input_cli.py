import subprocess


def main():
    pattern = input("search for: ")
    result = subprocess.getoutput("grep -rn '%s' /var/log/app" % pattern)
    print(result)


main()
