# Serves the Git repositories under $GIT_PROJECT_ROOT with `git http-backend` behind python's CGI
# runner, on 127.0.0.1 and a free port, which it prints on the first line. For tests only: one
# request at a time, no chunked request bodies (keep pushes under git's http.postBuffer).
import http.server
import os
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

root = tempfile.mkdtemp(prefix="git-cgi-")
os.mkdir(os.path.join(root, "cgi-bin"))
# A Python CGI script, run through the interpreter: nothing needs to be executable.
with open(os.path.join(root, "cgi-bin", "git.py"), "w") as f:
    f.write("import os\nos.execvp('git', ['git', 'http-backend'])\n")
os.chdir(root)


class Handler(http.server.CGIHTTPRequestHandler):
    cgi_directories = ["/cgi-bin"]
    have_fork = False  # run scripts with subprocess, which passes the request body on stdin

    def run_cgi(self):
        # The CGI runner passes only a few headers on; http-backend needs these two as well
        # (JGit gzips its request bodies). One request at a time, so the environment is ours.
        for header in ("Content-Encoding", "Git-Protocol"):
            name = "HTTP_" + header.upper().replace("-", "_")
            os.environ.pop(name, None)
            if self.headers.get(header):
                os.environ[name] = self.headers.get(header)
        super().run_cgi()

    def log_message(self, format, *args):
        sys.stderr.write(format % args + "\n")


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
