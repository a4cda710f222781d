-- Deferred columns: mapper:column(name, { deferred = true[, group = ] })
-- (assoc_mapper_set_column_options) leaves a column out of a query's rows
-- until it is read; query:defer / undefer / undefer_group change that for one
-- query. SELECTs are counted with engine:set_log.
local assoc = require "assoc"
local t = require "harness"

local E = assoc.E

-- documents(id, title, body, notes, summary): body deferred alone, notes and
-- summary in the group "extra"; one row.
local function documents(column_opts)
  local model = assoc.model()
  model:table("documents", {
    { "id", "integer", primary_key = true }, { "title", "text" }, { "body", "text" },
    { "notes", "text" }, { "summary", "text" },
  })
  local Doc = model:mapper("Doc", "documents")
  Doc:column("body", { deferred = true })
     :column("notes", { deferred = true, group = "extra" })
     :column("summary", { deferred = true, group = "extra" })
  if column_opts then column_opts(Doc) end
  local engine = assoc.engine("sqlite://")
  engine:create_all(model)
  engine:exec("INSERT INTO documents VALUES (1, 'T', 'the body', 'the notes', 'the summary')")
  local f = { model = model, Doc = Doc, engine = engine, session = engine:session(model), sql = {} }
  -- the SELECTs (not the session's BEGIN) are what loading costs
  engine:set_log(function(sql) if sql:find("^SELECT") then f.sql[#f.sql + 1] = sql end end)
  -- the SELECTs run since the last call
  function f.statements()
    local out = f.sql
    f.sql = {}
    return out
  end
  return f
end

t.test("a deferred column is not loaded by a query, and is loaded alone when read", function()
  local f = documents()
  local doc = f.session:query(f.Doc):one()
  local q = f.statements()
  t.eq(#q, 1)
  t.ok(not q[1]:find("body", 1, true), "the query's SELECT leaves body out: " .. q[1])
  t.ok(q[1]:find("title", 1, true), "and loads title: " .. q[1])
  t.eq(doc.title, "T")
  t.eq(#f.statements(), 0, "a loaded column costs no statement")
  t.eq(doc.body, "the body")
  local load = f.statements()
  t.eq(#load, 1, "the first read of body loads it")
  t.ok(load[1]:find("body", 1, true) and not load[1]:find("notes", 1, true), "alone: " .. load[1])
  t.eq(doc.body, "the body")
  t.eq(#f.statements(), 0, "then it is loaded")
end)

t.test("reading a column of a group loads the whole group in one statement", function()
  local f = documents()
  local doc = f.session:query(f.Doc):one()
  f.statements()
  t.eq(doc.notes, "the notes")
  local load = f.statements()
  t.eq(#load, 1)
  t.ok(load[1]:find("summary", 1, true), "the group comes together: " .. load[1])
  t.eq(doc.summary, "the summary")
  t.eq(#f.statements(), 0)
end)

t.test("query:undefer loads a deferred column with the rows", function()
  local f = documents()
  local doc = f.session:query(f.Doc):undefer("body"):one()
  local q = f.statements()
  t.eq(#q, 1)
  t.ok(q[1]:find("body", 1, true), "the SELECT loads body: " .. q[1])
  t.eq(doc.body, "the body")
  t.eq(#f.statements(), 0, "no second statement for body")
  t.eq(doc.notes, "the notes")
  t.eq(#f.statements(), 1, "notes stays deferred")
end)

t.test("query:undefer_group loads every column of the group", function()
  local f = documents()
  local doc = f.session:query(f.Doc):undefer_group("extra"):one()
  t.eq(#f.statements(), 1)
  t.eq(doc.notes, "the notes")
  t.eq(doc.summary, "the summary")
  t.eq(#f.statements(), 0, "the group came with the rows")
  t.eq(doc.body, "the body")
  t.eq(#f.statements(), 1, "body is not in the group")
end)

t.test("query:defer leaves a column of a plain mapper out until read", function()
  local f = documents()
  local doc = f.session:query(f.Doc):defer("title"):one()
  local q = f.statements()
  t.ok(not q[1]:find("title", 1, true), "the SELECT leaves title out: " .. q[1])
  t.eq(doc.title, "T")
  t.eq(#f.statements(), 1, "read: loaded")
end)

t.test("defer, undefer and undefer_group take several names and chain", function()
  local f = documents()
  local doc = f.session:query(f.Doc):undefer("body", "notes"):defer("title"):undefer_group("extra"):one()
  f.statements()
  t.eq(doc.body, "the body"); t.eq(doc.notes, "the notes"); t.eq(doc.summary, "the summary")
  t.eq(#f.statements(), 0)
  t.eq(doc.title, "T")
  t.eq(#f.statements(), 1)
end)

t.test("deferred = false maps the column as usual", function()
  local f = documents(function(Doc) Doc:column("body", { deferred = false }) end)
  local doc = f.session:query(f.Doc):one()
  f.statements()
  t.eq(doc.body, "the body")
  t.eq(#f.statements(), 0)
end)

t.test("bad column options are errors naming the mapper's method and the column", function()
  local model = assoc.model()
  model:table("documents", { { "id", "integer", primary_key = true }, { "body", "text" } })
  local Doc = model:mapper("Doc", "documents")
  t.raises(E.INVAL, "unknown mapper column option 'defered'", function() Doc:column("body", { defered = true }) end)
  t.raises(E.INVAL, "'deferred' must be a boolean", function() Doc:column("body", { deferred = 1 }) end)
  t.raises(E.NOTFOUND, "mapper:column: table 'documents' of mapper 'Doc' has no column 'bdy'",
    function() Doc:column("bdy", { deferred = true }) end)
  t.raises(E.INVAL, "Doc.id is a primary key column", function() Doc:column("id", { deferred = true }) end)
  t.raises(E.INVAL, "has group 'g' but is not deferred", function() Doc:column("body", { group = "g" }) end)
  t.raises(E.INVAL, "is empty", function() Doc:column("body", { deferred = true, group = "" }) end)
  model:configure()
  t.raises(E.STATE, nil, function() Doc:column("body", { deferred = true }) end)
end)

t.test("bad query defer arguments are errors naming the query's method", function()
  local f = documents()
  local q = f.session:query(f.Doc)
  t.raises(E.INVAL, "query:defer: mapper 'Doc' has no column 'nope'", function() q:defer("nope") end)
  t.raises(E.INVAL, "query:undefer: mapper 'Doc' has no column 'nope'", function() q:undefer("nope") end)
  t.raises(E.INVAL, "primary key", function() q:defer("id") end)
  t.raises(E.INVAL, "query:undefer_group: mapper 'Doc' has no deferred group 'nope'",
    function() q:undefer_group("nope") end)
  t.raises(E.INVAL, nil, function() q:undefer(42) end)
end)

t.run()
