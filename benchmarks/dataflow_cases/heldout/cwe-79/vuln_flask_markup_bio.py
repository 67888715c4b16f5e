# vuln: request.form["bio"] is wrapped with Markup(f"...") in render_bio() and rendered unescaped by the template
from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


def render_bio(bio):
    paragraphs = [line for line in bio.splitlines() if line.strip()]
    html = ""
    for para in paragraphs:
        html += f"<p>{para}</p>"
    return Markup(html)


@app.route("/profile/preview", methods=["POST"])
def preview_profile():
    bio_html = render_bio(request.form["bio"])
    return render_template("profile_preview.html", bio=bio_html)
