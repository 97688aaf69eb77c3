/* paperkb's search worker: material's own worker, answering from prebuilt term files.
 *
 * material's worker builds a lunr.js index of every entry before it answers (seconds at 10,000
 * papers). This worker loads material's (its file name follows the `#` in this script's URL), lets it
 * set up as usual, but replaces lunr's index by one that holds only the terms queries have asked
 * for: before each query runs, the query is run once against empty postings to learn which terms
 * it expands to, their files under search/shards/ are loaded (written by the build: see
 * paperkb/site/search_shards.py), and the query runs for real. Scores are lunr's (same formula,
 * same document frequencies and vocabulary), so results and their order are material's. The
 * matches of the best-ranked documents are highlighted as material does (their text is tokenized
 * here, on demand); beyond those, results come without highlighting. A site with few term files
 * (PREFETCH) has them all fetched as the worker starts, so the first query waits for none.
 * Without the term files (or from file://, or when they do not match the index) it does exactly
 * what material's worker does.
 */
(function () {
  "use strict";
  var SETUP = 0, QUERY = 2;
  var GROUPS = 12, SHOWN = 6; /* results highlighted: see highlighted() */
  var PREFETCH = 4; /* a site with this many term files or fewer fetches them all at once */
  var scope = self;
  var script = scope.location.href;
  if (typeof document !== "undefined" && document.currentScript) script = document.currentScript.src;
  var material = decodeURIComponent(script.split("#")[1] || "");
  var base = script.split("#")[0];
  var inFrame = typeof parent !== "undefined" && parent !== scope && "IFrameWorker" in parent;
  if (inFrame || !material || typeof fetch === "undefined" || typeof Proxy === "undefined") {
    importScripts(new URL(material, base).href);
    return;
  }

  /* material's message listener, kept to be called by ours */
  var listeners = [];
  var addListener = scope.addEventListener;
  scope.addEventListener = function (type, listener) {
    if (type === "message") listeners.push(listener);
    else addListener.apply(scope, arguments);
  };
  importScripts(new URL(material, base).href);
  scope.addEventListener = addListener;
  var lunr = scope.lunr;
  var shardsUrl = new URL("../../../search/shards/", base).href;
  var terms$ = fetch(shardsUrl + "terms.json").then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  });
  terms$.catch(function () {});
  var files = new Map(); /* shard number -> the promise of its content */
  terms$.then(function (terms) { /* few term files: all fetched now, while the page loads */
    if (terms.shards.length <= PREFETCH) terms.shards.forEach(function (terms, shard) { shardFile(shard); });
  }, function () {});

  var state = null; /* the lazy index's data, while it is used */
  var originalAdd = lunr.Builder.prototype.add;
  var originalBuild = lunr.Builder.prototype.build;

  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!state || state.builder) return originalAdd.call(this, doc, attributes);
    this.documentCount += 1;
    state.docs.push(doc);
    state.boosts.push((attributes && attributes.boost) || 1);
  };

  lunr.Builder.prototype.build = function () {
    if (!state || state.builder) return originalBuild.call(this);
    if (this._b !== 0 || state.docs.length !== state.terms.documents) {
      var docs = state.docs, boosts = state.boosts;
      state = null;
      for (var i = 0; i < docs.length; i++) originalAdd.call(this, docs[i], { boost: boosts[i] });
      return originalBuild.call(this);
    }
    state.builder = this;
    state.count = this.documentCount;
    return lazyIndex(this);
  };

  function lazyIndex(builder) {
    var shardOf = new Map(), order = new Map(), byFirst = new Map();
    state.terms.shards.forEach(function (terms, shard) {
      var numbers = state.terms.index[shard];
      for (var i = 0; i < terms.length; i++) {
        var term = terms[i], first = term.charAt(0);
        shardOf.set(term, shard);
        order.set(term, numbers[i]); /* lunr's term index: same sums, same ties as material's */
        if (!byFirst.has(first)) byFirst.set(first, []);
        byFirst.get(first).push(term);
      }
    });
    state.shardOf = shardOf;
    state.order = order;
    state.postings = Object.create(null);
    state.loaded = new Set();
    state.raw = new Map(); /* term -> its postings as loaded, until a query asks for the term */
    var fields = Object.keys(builder._fields);
    var inverted = new Proxy(state.postings, {
      has: function (target, term) { return shardOf.has(term); },
      get: function (target, term) {
        if (typeof term !== "string" || !shardOf.has(term)) return undefined;
        if (state.touched) { /* the dry run: record the term, find nothing */
          state.touched.add(term);
          var stub = { _index: order.get(term) };
          for (var f = 0; f < fields.length; f++) stub[fields[f]] = Object.create(null);
          return stub;
        }
        if (!(term in target) && state.raw.has(term)) addTerm(term, state.raw.get(term));
        return target[term];
      }
    });
    var vectors = Object.create(null); /* every field of every document, in the builder's order */
    state.docs.forEach(function (doc) {
      for (var f = 0; f < fields.length; f++) vectors[fields[f] + "/" + doc.location] = new lunr.Vector();
    });
    var index = new lunr.Index({
      invertedIndex: inverted,
      fieldVectors: vectors,
      tokenSet: lazyTokenSet(byFirst),
      fields: fields,
      pipeline: builder.searchPipeline
    });
    index.search = function (query) {
      var results = lunr.Index.prototype.search.call(this, query);
      if (state && !state.touched) highlighted(results, query).forEach(addPositions);
      return results;
    };
    state.index = index;
    return index;
  }

  /* lunr's automaton of every term, each branch (the terms of one first character) built when a
     query first walks into it: building it whole takes a second at 10,000 papers. Edges are
     listed in the order a built automaton lists them, so expansions come in the same order. */
  function lazyTokenSet(byFirst) {
    var order = Object.create(null), built = Object.create(null);
    Array.from(byFirst.keys()).sort().forEach(function (first) { order[first] = true; });
    var firsts = Object.keys(order);
    var root = new lunr.TokenSet();
    root.edges = new Proxy(Object.create(null), {
      ownKeys: function () { return firsts.slice(); },
      has: function (target, key) { return byFirst.has(key); },
      getOwnPropertyDescriptor: function (target, key) { /* Object.keys asks; nothing built */
        return byFirst.has(key) ? { value: undefined, writable: true, enumerable: true, configurable: true } : undefined;
      },
      get: function (target, key) { return byFirst.has(key) ? branch(key) : undefined; }
    });
    function branch(first) {
      if (!(first in built)) built[first] = lunr.TokenSet.fromArray(byFirst.get(first).sort()).edges[first];
      return built[first];
    }
    return root;
  }

  /* A term's postings as lunr's builder would have made them, and its scores in the field vectors. */
  function addTerm(term, byField) {
    var builder = state.builder, index = state.index;
    var posting = { _index: state.order.get(term) };
    var fields = index.fields, f, i;
    for (f = 0; f < fields.length; f++) {
      var refs = Object.create(null), numbers = byField[fields[f]] || [];
      for (i = 0; i < numbers.length; i += 2) refs[state.docs[numbers[i]].location] = { position: [] };
      posting[fields[f]] = refs;
    }
    var idf = lunr.idf(posting, state.count);
    for (f = 0; f < fields.length; f++) {
      var field = fields[f], list = byField[field] || [];
      var boost = builder._fields[field].boost || 1;
      for (i = 0; i < list.length; i += 2) {
        var tf = list[i + 1], ref = state.docs[list[i]].location;
        var score = idf * ((builder._k1 + 1) * tf) / (builder._k1 * (1 - builder._b) + tf);
        score *= boost;
        score *= state.boosts[list[i]];
        var key = field + "/" + ref;
        var vector = index.fieldVectors[key] || (index.fieldVectors[key] = new lunr.Vector());
        vector.insert(posting._index, Math.round(score * 1000) / 1000);
      }
    }
    state.postings[term] = posting;
    state.raw.delete(term);
  }

  /* A term file's content, fetched once (a failed fetch is tried again by the next query). */
  function shardFile(shard) {
    if (!files.has(shard)) {
      files.set(shard, fetch(shardsUrl + shard + ".json").then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }));
      files.get(shard).catch(function () { files.delete(shard); });
    }
    return files.get(shard);
  }

  function loadShards(terms) {
    var wanted = new Set();
    terms.forEach(function (term) {
      if (!(term in state.postings) && !state.raw.has(term)) wanted.add(state.shardOf.get(term));
    });
    return Promise.all(Array.from(wanted).map(function (shard) {
      return shardFile(shard).then(function (data) {
        if (state.loaded.has(shard)) return;
        state.loaded.add(shard);
        for (var term in data) if (!(term in state.postings)) state.raw.set(term, data[term]);
      });
    }));
  }

  /* The results highlighted: in the first GROUPS groups of results (a page and its cards, as
     material groups them), the page and its best-ranked SHOWN cards: what material's result list
     shows before it is scrolled or a group's "more" is opened. */
  function highlighted(results, query) {
    var groups = new Map(), chosen = [];
    boosted(results, query).forEach(function (result) {
      var ref = result.ref, doc = state.byRef.get(ref);
      var page = doc && doc.parent ? doc.parent.location : ref;
      var taken = groups.get(page);
      if (taken === undefined) {
        if (groups.size >= GROUPS) return;
        taken = 0;
      }
      if (taken < SHOWN || page === ref) chosen.push(result);
      groups.set(page, taken + 1);
    });
    return chosen;
  }

  /* The results in the order material shows them: a page ranks above its cards, and a result
     matching more of the query's words above one matching fewer (material's Search.search). */
  function boosted(results, query) {
    var parsed = new lunr.Query(state.index.fields), clauses = [];
    try { new lunr.QueryParser(query, parsed).parse(); } catch (error) { return results; }
    parsed.clauses.forEach(function (clause) {
      if (clause.presence !== lunr.Query.presence.PROHIBITED)
        clauses.push(clause.term.replace(/^\*/, "").replace(/\*$/, ""));
    });
    return results.map(function (result, position) {
      var doc = state.byRef.get(result.ref), left = clauses.slice(), terms = {};
      Object.keys(result.matchData.metadata).forEach(function (term) {
        left = left.filter(function (clause) {
          if (!term.startsWith(clause)) return true;
          terms[clause] = true;
          return false;
        });
      });
      left.forEach(function (clause) { if (lunr.stopWordFilter(clause)) terms[clause] = false; });
      var keys = Object.keys(terms), found = keys.filter(function (key) { return terms[key]; });
      var boost = +!(doc && doc.parent) + found.length / keys.length;
      return { result: result, score: result.score * (1 + Math.pow(boost, 2)), position: position };
    }).sort(function (a, b) {
      return b.score - a.score || a.position - b.position;
    }).map(function (item) { return item.result; });
  }

  /* Tokenize a result's document as material's builder does (filling material's position table)
     and give its matches their positions, for material's highlighting. A result's match data may
     share objects with the postings (lunr's MatchData.add keeps them): they are replaced, not
     changed. */
  function addPositions(result) {
    var builder = state.builder, fields = state.index.fields, doc = state.byRef.get(result.ref);
    var metadata = result.matchData.metadata;
    if (!doc) return;
    for (var f = 0; f < fields.length; f++) {
      var name = fields[f], field = builder._fields[name];
      var value = field.extractor ? field.extractor(doc) : doc[name];
      var tokens = builder.pipeline.run(builder.tokenizer(value, { fields: [name] }));
      var found = Object.create(null);
      for (var t = 0; t < tokens.length; t++) {
        var term = tokens[t].toString(), match = metadata[term];
        if (match && match[name]) (found[term] || (found[term] = [])).push(tokens[t].metadata.position);
      }
      for (term in found) {
        var copy = Object.assign(Object.create(null), metadata[term]);
        copy[name] = Object.assign({}, copy[name], { position: found[term] });
        metadata[term] = copy;
      }
    }
  }

  /* Run material's handler with postMessage caught: the dry run's answer is not sent. */
  function quietly(listener, event) {
    var post = scope.postMessage;
    scope.postMessage = function () {};
    return Promise.resolve(listener(event)).then(function () {
      return new Promise(function (resolve) { setTimeout(resolve, 0); });
    }).finally(function () { scope.postMessage = post; });
  }

  function prepare(event) {
    if (!state || !state.builder || event.data.type !== QUERY) return Promise.resolve();
    state.touched = new Set();
    return quietly(listeners[0], event).then(function () {
      var terms = state.touched;
      state.touched = null;
      return loadShards(terms).then(function () {
        terms.forEach(function (term) { if (state.raw.has(term)) addTerm(term, state.raw.get(term)); });
      }, degrade);
    });
  }

  /* A term file failed to load: index every document here, as material's worker does. */
  function degrade(error) {
    var builder = state.builder, index = state.index, docs = state.docs, boosts = state.boosts;
    builder.documentCount = 0;
    for (var i = 0; i < docs.length; i++) originalAdd.call(builder, docs[i], { boost: boosts[i] });
    state = null;
    var real = originalBuild.call(builder);
    index.invertedIndex = real.invertedIndex;
    index.fieldVectors = real.fieldVectors;
    index.tokenSet = real.tokenSet;
    console.warn("paperkb search: term files not loaded, indexed in the browser", error);
  }

  function setup(event) {
    return terms$.then(function (terms) {
      var docs = event.data.data.docs;
      var matches = terms.format === 1 && terms.documents === docs.length && docs.length > 0 &&
        terms.first === docs[0].location && terms.last === docs[docs.length - 1].location;
      if (!matches) return;
      state = { terms: terms, docs: [], boosts: [], builder: null, byRef: new Map(), groupSize: new Map() };
      docs.forEach(function (doc) {
        var page = doc.location.split("#")[0];
        state.byRef.set(doc.location, doc);
        state.groupSize.set(page, (state.groupSize.get(page) || 0) + 1);
      });
    }, function () { state = null; });
  }

  var queue = Promise.resolve();
  addListener.call(scope, "message", function (event) {
    queue = queue.then(function () {
      var ready = event.data.type === SETUP ? setup(event) : prepare(event);
      return ready.catch(function (error) {
        console.warn("paperkb search: answering without the term files", error);
      }).then(function () {
        return listeners[0](event);
      });
    }).catch(function (error) { /* the next message is still answered */
      console.error(error);
    });
  });
})();
