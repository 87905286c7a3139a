// A list whose items may be written in short: an issue's article is either its path or
// {article: path, quote, columns} (schema.py, IssueEntry). Decap's list widget opens only
// the long form (one short item stops the whole entry from loading). So such a list
// (editor/cms.py: widget "shorthand-list", its fields under "entry_fields", the field a
// short item stands for under "shorthand") is Decap's own list given every item in the long
// form; an item that has nothing but that field is kept, and written, in short.
(function (CMS, h, createClass) {
  var list = CMS.getWidget("list");

  function lengthen(items, key) {
    if (!items || typeof items.map !== "function") return items;
    return items.map(function (item) {
      return typeof item === "string"
        ? items.constructor.of(item).toMap().mapKeys(function () { return key; })
        : item;
    });
  }

  function shorten(items, key) {
    if (!items || typeof items.map !== "function") return items;
    return items.map(function (item) {
      if (!item || typeof item.filter !== "function") return item;
      var set = item.filter(function (v) { return v !== null && v !== undefined && v !== ""; });
      return set.size === 1 && typeof set.get(key) === "string" ? set.get(key) : item;
    });
  }

  CMS.registerWidget("shorthand-list", createClass({
    render: function () {
      var props = this.props;
      var key = props.field.get("shorthand");
      return h(list.control, Object.assign({}, props, {
        field: props.field.set("fields", props.field.get("entry_fields")),
        value: lengthen(props.value, key),
        onChange: function (value, metadata) { props.onChange(shorten(value, key), metadata); },
      }));
    },
  }), list.preview);
})(window.CMS, window.h, window.createClass);
