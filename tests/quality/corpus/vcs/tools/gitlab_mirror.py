import gitlab

GITLAB_URL = "https://gitlab.com"
PRIVATE_TOKEN = "glpat-hv7v-k4rpOGfU6eSKqCt"
DEPLOY_TOKEN_USER = "gitlab+deploy-token-1628691"
DEPLOY_TOKEN = "gldt-DZ_634WqPkl9TxDmEARg"

gl = gitlab.Gitlab(GITLAB_URL, private_token=PRIVATE_TOKEN)
project = gl.projects.get("acme/platform/api")
for mr in project.mergerequests.list(state="opened", iterator=True):
    print(mr.iid, mr.title, mr.sha)
