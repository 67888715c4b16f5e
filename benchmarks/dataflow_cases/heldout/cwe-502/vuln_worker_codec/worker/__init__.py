# vuln (package, 3 modules): worker/net.py receive() returns socket bytes; worker/main.py hands them to worker/codec.py decode(), which calls pickle.loads
