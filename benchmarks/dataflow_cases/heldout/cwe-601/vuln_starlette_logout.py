# vuln: Starlette request.query_params["continue"] reaches RedirectResponse after logout
from starlette.applications import Starlette
from starlette.responses import RedirectResponse
from starlette.routing import Route


async def logout(request):
    destination = request.query_params.get("continue", "/")
    response = RedirectResponse(destination, status_code=303)
    response.delete_cookie("session")
    return response


app = Starlette(routes=[Route("/logout", logout)])
