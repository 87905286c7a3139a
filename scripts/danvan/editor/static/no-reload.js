// The live preview (`make serve`) adds to every .html page a script that reloads it after
// each rebuild, and a save in the editor is a change to content/: the editor's page would
// reload under the editor's hands. Its requests (/livereload/…) are never sent from here.
(function () {
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (String(url).indexOf("/livereload/") === 0) {
      this.send = function () {};
    }
    return open.apply(this, arguments);
  };
})();
