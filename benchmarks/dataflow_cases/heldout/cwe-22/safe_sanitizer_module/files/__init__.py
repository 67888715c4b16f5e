# safe (package): files/views.py passes the name through files/security.py clean_name() (basename + regex allow list) before files/store.py opens it
