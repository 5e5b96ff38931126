// hrgraph query page: the SPARQL textarea becomes a Yasqe editor (highlighting, syntax check,
// completion of the ontology's terms and of the predeclared prefixes). Nothing is fetched from
// another host: Yasqe's own completers (prefix.cc, LOV) and its query button are left out, and
// the form still submits to this server, which draws the answer.
(function () {
  "use strict";
  var textarea = document.getElementById("sparql-text");
  var form = document.getElementById("sparql-form");
  var data = JSON.parse(document.getElementById("editor-data").textContent);
  if (!textarea || !window.Yasqe) { return; }
  var Yasqe = window.Yasqe;

  // Completion lists: prefixed names of the ontology and the prefixes themselves.
  var prefixNames = Object.keys(data.prefixes).map(function (name) { return name + ":"; });
  function completer(name, words, valid) {
    return {
      name: name,
      bulk: true,
      autoShow: true,
      persistenceId: null,
      get: words,
      isValidCompletionPosition: valid
    };
  }
  function currentWord(yasqe) {
    var token = yasqe.getCompleteToken();
    return token.string || "";
  }
  function afterType(yasqe) {
    var token = yasqe.getCompleteToken();
    var previous = yasqe.getPreviousNonWsToken(yasqe.getDoc().getCursor().line, token);
    return Boolean(previous) && (previous.string === "a" || previous.string === "rdf:type");
  }
  function isTerm(yasqe) {
    var word = currentWord(yasqe);
    return /^[A-Za-z][\w-]*:/.test(word) || /^[A-Za-z][\w-]*$/.test(word) && word.length > 1 && !/^[A-Z]+$/.test(word);
  }
  Yasqe.registerAutocompleter(completer("hrgraph-classes", data.classes, function (yasqe) {
    return afterType(yasqe) && isTerm(yasqe);
  }), false);
  Yasqe.registerAutocompleter(completer("hrgraph-properties", data.properties, function (yasqe) {
    return !afterType(yasqe) && /:/.test(currentWord(yasqe)) && isTerm(yasqe);
  }), false);
  Yasqe.registerAutocompleter(completer("hrgraph-prefixes", prefixNames, function (yasqe) {
    var word = currentWord(yasqe);
    return /^[A-Za-z][\w-]*$/.test(word) && !/^[A-Z]+$/.test(word);
  }), false);
  Yasqe.defaults.autocompleters = ["variables", "hrgraph-classes", "hrgraph-properties", "hrgraph-prefixes"];

  var holder = document.createElement("div");
  holder.id = "sparql-editor";
  textarea.parentNode.insertBefore(holder, textarea);
  textarea.hidden = true;
  function run() {
    textarea.value = yasqe.getValue();
    form.submit();
  }
  var yasqe = new Yasqe(holder, {
    value: "",
    persistenceId: null,
    consumeShareLink: null,
    createShareableLink: null,
    showQueryButton: false,
    resizeable: true,
    editorHeight: "16rem",
    extraKeys: { "Ctrl-Enter": run, "Cmd-Enter": run, "Ctrl-S": function () {} }
  });
  // The predeclared prefixes count as declared: the tokenizer starts every query with them.
  var mode = yasqe.getMode();
  var startState = mode.startState;
  mode.startState = function () {
    var state = startState.apply(this, arguments);
    state.prefixes = Object.assign({}, data.prefixes, state.prefixes);
    return state;
  };
  yasqe.setValue(textarea.value);
  yasqe.clearHistory();
  window.hrgraphEditor = yasqe;
  form.addEventListener("submit", function () { textarea.value = yasqe.getValue(); });

  // The server's error, at the line it names: a mark in the gutter and the line highlighted.
  var line = parseInt(textarea.getAttribute("data-error-line") || "", 10);
  if (line > 0 && line <= yasqe.getDoc().lineCount()) {
    var mark = document.createElement("span");
    mark.className = "server-error";
    mark.textContent = "●";
    mark.title = textarea.getAttribute("data-error") || "";
    yasqe.setGutterMarker(line - 1, "gutterErrorBar", mark);
    yasqe.addLineClass(line - 1, "background", "error-line");
    yasqe.getDoc().setCursor({ line: line - 1, ch: 0 });
  }
  document.body.setAttribute("data-editor", "ready");
})();
