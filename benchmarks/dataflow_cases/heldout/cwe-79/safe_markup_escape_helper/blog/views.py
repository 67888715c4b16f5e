from flask import Flask, render_template, request

from blog.html import tag_list

app = Flask(__name__)


@app.get("/posts/tagged")
def tagged():
    tags = request.args.getlist("tag")
    return render_template("tagged.html", tags_html=tag_list(tags))
