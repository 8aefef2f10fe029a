// kubeviz client: opens one WebSocket per demo on the page, sends the
// actions a person takes (clicks and inputs on elements with data-action,
// and the keys), and applies the HTML fragments the server renders by
// morphing them into the page (idiomorph). No HTML is built here: one
// rendering path, on the server.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  var MAX_BACKOFF = 5000;
  // Page-level parameters (web/server.go pageParamNames): kept in every URL.
  var PAGE_PARAMS = ['theme', 'present', 'room'];
  var controllers = [];
  var active = null; // the demo keys drive: the last one used

  function readableQuery(params) {
    return params.toString()
      .replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%2F/g, '/')
      .replace(/%3A/g, ':').replace(/%2C/g, ',');
  }

  function Demo(root) {
    this.root = root;
    this.name = root.dataset.demo;
    this.prefix = root.dataset.prefix || '';
    this.maxMessage = parseInt(root.dataset.maxMessage || '131072', 10);
    this.live = root.querySelector('[data-live]');
    this.connEl = root.querySelector('[data-conn]');
    this.ws = null;
    this.queue = [];
    this.backoff = 250;
    this.playing = false;
    this.total = root.querySelector('[data-action="step"]') ? 1 : 0;
    this.timers = {};
    this.closedByPage = false;
    root.setAttribute('data-state', 'idle');
  }

  Demo.prototype.connect = function () {
    if (this.ws) return;
    var self = this;
    var page = location.pathname + location.search + (this.prefix ? location.hash : '');
    var proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    var extra = '';
    var room = new URLSearchParams(location.search).get('room');
    if (room && !this.prefix) {
      extra = '&room=' + encodeURIComponent(room);
      var token = sessionStorage.getItem('kubeviz-room-' + room);
      if (token) extra += '&token=' + encodeURIComponent(token);
    }
    var ws = new WebSocket(proto + '//' + location.host + this.root.dataset.ws + '?page=' + encodeURIComponent(page) + extra);
    this.ws = ws;
    var opened = false;
    ws.onopen = function () {
      opened = true;
      self.backoff = 250;
      self.status('');
      self.root.setAttribute('data-state', 'open');
      var q = self.queue; self.queue = [];
      q.forEach(function (m) { ws.send(m); });
    };
    ws.onmessage = function (ev) {
      var f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      if (f.t === 'frame') self.apply(f);
      else if (f.t === 'room') self.roomInfo(f);
      else if (f.t === 'notice') self.notice(f.message);
    };
    ws.onclose = function (ev) {
      self.ws = null;
      self.root.setAttribute('data-state', 'closed');
      if (self.closedByPage) return;
      if (ev.code === 1000 && ev.reason === 'room ended') {
        self.leaveRoom('The room has ended; you are exploring on your own from where it was.');
        return;
      }
      if (!opened && new URLSearchParams(location.search).get('room') && !self.prefix) {
        // The room is not open (ended, or a wrong code): carry on alone.
        self.leaveRoom('That room is not open (it ended, or the code is wrong); exploring on your own.');
        return;
      }
      var why = 'Connection lost; reconnecting…';
      if (ev.code === 1009) {
        self.notice('That change was too large to send (the limit is ' + Math.round(self.maxMessage / 1024) + ' KiB); it was not applied.');
        why = 'Reconnecting…';
      } else if (ev.code === 1008) {
        why = 'Too many actions; reconnecting…';
      } else if (ev.code === 1001) {
        why = 'The server is restarting; reconnecting…';
      }
      self.status(why);
      var delay = self.backoff + Math.random() * self.backoff / 2;
      self.backoff = Math.min(self.backoff * 2, MAX_BACKOFF);
      setTimeout(function () { self.connect(); }, delay);
    };
  };

  // Rooms: a presenter drives, followers follow (web/room.go).
  Demo.prototype.roomInfo = function (r) {
    this.role = r.role;
    this.room = r.code;
    var bar = this.root.querySelector('[data-room-bar]');
    if (!bar) return;
    bar.hidden = false;
    var pretty = r.code.slice(0, 4) + '-' + r.code.slice(4);
    var text = bar.querySelector('[data-room-text]');
    var qr = bar.querySelector('[data-room-qr]');
    if (r.role === 'presenter') {
      text.textContent = 'Room ' + pretty + ' · ' + r.followers + (r.followers === 1 ? ' follower' : ' following') +
        ' · join at ' + location.origin + r.join;
      qr.src = r.join + '/qr.svg';
      qr.alt = 'QR code of the join link ' + location.origin + r.join;
      qr.hidden = false;
    } else {
      text.textContent = 'Following room ' + pretty + ': the presenter drives. Press D to explore on your own.';
      qr.hidden = true;
    }
    this.root.dataset.role = r.role;
    this.root.dataset.followers = r.followers;
  };

  Demo.prototype.reconnect = function () {
    if (this.ws) { this.closedByPage = true; this.ws.close(1000); this.ws = null; }
    this.closedByPage = false;
    this.connect();
  };

  Demo.prototype.setRoomParam = function (code) {
    var p = new URLSearchParams(location.search);
    if (code) p.set('room', code); else p.delete('room');
    var s = readableQuery(p);
    history.replaceState(null, '', location.pathname + (s ? '?' + s : '') + location.hash);
  };

  Demo.prototype.leaveRoom = function (why) {
    var bar = this.root.querySelector('[data-room-bar]');
    this.lastRoom = this.role === 'follower' ? this.room : null;
    this.role = null;
    this.root.dataset.role = '';
    this.setRoomParam(null);
    if (bar) {
      bar.querySelector('[data-room-text]').textContent = why;
      bar.querySelector('[data-room-qr]').hidden = true;
    }
    this.reconnect();
  };

  Demo.prototype.toggleFollow = function () {
    if (this.role === 'follower') {
      this.leaveRoom('Exploring on your own. Press D to rejoin room ' + this.room.slice(0, 4) + '-' + this.room.slice(4) + '.');
    } else if (this.lastRoom) {
      this.setRoomParam(this.lastRoom);
      this.lastRoom = null;
      this.reconnect();
    }
  };

  Demo.prototype.startRoom = function () {
    var self = this;
    fetch('/rooms?demo=' + encodeURIComponent(this.name), { method: 'POST' }).then(function (r) {
      if (!r.ok) return r.text().then(function (t) { throw new Error(t); });
      return r.json();
    }).then(function (room) {
      sessionStorage.setItem('kubeviz-room-' + room.code, room.token);
      if (self.prefix) { // inline on the course page: present the demo on its own page
        var u = new URL(ownURL(self, '/demos/' + self.name));
        u.searchParams.set('room', room.code);
        location.assign(u.pathname + '?' + readableQuery(u.searchParams));
        return;
      }
      self.setRoomParam(room.code);
      self.reconnect();
    }).catch(function (e) { self.notice('Could not open a room: ' + e.message); });
  };

  Demo.prototype.status = function (text) {
    if (this.connEl) this.connEl.textContent = text;
  };

  Demo.prototype.notice = function (text) {
    var n = this.live.querySelector('[data-notice]');
    if (n) { n.textContent = text; n.classList.toggle('empty', !text); }
  };

  Demo.prototype.send = function (action) {
    active = this;
    var msg = JSON.stringify(action);
    if (msg.length > this.maxMessage) {
      this.notice('This is ' + Math.round(msg.length / 1024) + ' KiB; a change can be at most ' +
        Math.round(this.maxMessage / 1024) + ' KiB. It was not sent.');
      return;
    }
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(msg);
    } else {
      this.queue.push(msg);
      if (this.queue.length > 50) this.queue.shift();
      this.connect();
    }
  };

  Demo.prototype.apply = function (f) {
    Idiomorph.morph(this.live, f.html, { morphStyle: 'innerHTML', ignoreActiveValue: true });
    // A checkpoint answered before this frame keeps its answer.
    var pf = this.live.querySelector('[data-predict]');
    if (pf && this.predicted && this.predicted[pf.dataset.predict] !== undefined) {
      var pick = this.predicted[pf.dataset.predict];
      var pin = pf.querySelector('input[value="' + pick + '"]');
      if (pin) { pin.checked = true; answerQuestion(pf, pick, false); }
    }
    var n = this.live.querySelector('[data-narration]');
    if (n && n.textContent !== f.narration) n.textContent = f.narration;
    this.playing = f.playing;
    this.total = f.total;
    this.root.dataset.seq = f.seq;
    this.root.dataset.step = f.step;
    this.setURL(f.query);
    active = active || this;
    document.dispatchEvent(new CustomEvent('kubeviz:frame', { detail: this.name }));
  };

  Demo.prototype.setURL = function (query) {
    var params = new URLSearchParams(location.search);
    var prefix = this.prefix;
    Array.from(params.keys()).forEach(function (k) {
      if (PAGE_PARAMS.indexOf(k) >= 0) return; // the page's, not the demo's
      if (!prefix || k.indexOf(prefix) === 0) params.delete(k);
    });
    new URLSearchParams(query).forEach(function (v, k) { params.append(prefix + k, v); });
    var s = readableQuery(params);
    var url = location.pathname + (s ? '?' + s : '') + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, '', url);
  };

  function demoOf(el) {
    var root = el.closest && el.closest('[data-demo]');
    if (!root) return null;
    for (var i = 0; i < controllers.length; i++) if (controllers[i].root === root) return controllers[i];
    return null;
  }

  function actionOf(el) {
    return { a: el.dataset.action, k: el.dataset.key || undefined, v: el.dataset.value || undefined };
  }

  document.addEventListener('click', function (ev) {
    var el = ev.target.closest('[data-action]');
    if (el && !(el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.tagName === 'INPUT')) {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return; // new tab: follow the link
      var d = demoOf(el);
      if (!d) return;
      ev.preventDefault();
      if (el.getAttribute('aria-disabled') === 'true') return;
      d.send(actionOf(el));
      return;
    }
    var sc = ev.target.closest('[data-shortcuts]');
    if (sc) { showShortcuts(); return; }
    var rs = ev.target.closest('[data-room-start]');
    if (rs) { var dr = demoOf(rs); if (dr) dr.startRoom(); return; }
    var sh = ev.target.closest('[data-share]');
    if (sh) { share(sh); return; }
    var pr = ev.target.closest('a[data-present]');
    if (pr && ev.button === 0 && !ev.metaKey && !ev.ctrlKey && !ev.shiftKey) {
      ev.preventDefault();
      var p = new URLSearchParams(location.search);
      if (pr.dataset.present === '1') p.set('present', '1'); else p.delete('present');
      var qs = readableQuery(p);
      location.assign(location.pathname + (qs ? '?' + qs : '') + location.hash);
      return;
    }
    var keep = ev.target.closest('a[data-keep-query]');
    if (keep) { // carry the inline demo's state to its own page
      var d2 = demoOf(keep);
      if (d2 && d2.prefix) {
        var own = new URLSearchParams();
        new URLSearchParams(location.search).forEach(function (v, k) {
          if (k.indexOf(d2.prefix) === 0) own.append(k.slice(d2.prefix.length), v);
        });
        var s = readableQuery(own);
        keep.href = keep.pathname + (s ? '?' + s : '');
      } else if (d2) {
        keep.href = keep.pathname + location.search;
      }
    }
  });

  document.addEventListener('change', function (ev) {
    var el = ev.target;
    if (el.tagName !== 'SELECT' || !el.dataset.action) return;
    var d = demoOf(el);
    if (!d) return;
    var a = actionOf(el); a.v = el.value;
    d.send(a);
  });

  document.addEventListener('input', function (ev) {
    var el = ev.target;
    if (!(el.tagName === 'TEXTAREA' || el.tagName === 'INPUT') || !el.dataset.action) return;
    var d = demoOf(el);
    if (!d) return;
    var key = el.dataset.action + '/' + (el.dataset.key || '');
    clearTimeout(d.timers[key]);
    d.timers[key] = setTimeout(function () {
      var a = actionOf(el); a.v = el.value;
      d.send(a);
    }, 250);
  });

  // A form with data-action sends its control's value instead of navigating.
  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    var el = form.querySelector('[data-action]');
    var d = el && demoOf(form);
    if (!d || form.method === 'dialog') return;
    ev.preventDefault();
    var a = actionOf(el); a.v = el.value;
    d.send(a);
  });

  // ownURL is the standalone URL of a demo's current state: on the course
  // page, the demo's prefixed parameters without their prefix.
  function ownURL(d, path) {
    var own = new URLSearchParams();
    new URLSearchParams(location.search).forEach(function (v, k) {
      if (PAGE_PARAMS.indexOf(k) >= 0) return;
      if (!d.prefix) own.append(k, v);
      else if (k.indexOf(d.prefix) === 0) own.append(k.slice(d.prefix.length), v);
    });
    var s = readableQuery(own);
    return location.origin + path + (s ? '?' + s : '');
  }

  function share(btn) {
    var d = demoOf(btn);
    if (!d) return;
    var box = d.root.querySelector('[data-share-box]');
    var input = box.querySelector('[data-share-text]');
    var label = box.querySelector('[data-share-label]');
    var status = box.querySelector('[data-share-status]');
    var text, what;
    if (btn.dataset.share === 'embed') {
      var src = ownURL(d, '/embed/' + d.name);
      text = '<iframe src="' + src.replace(/&/g, '&amp;').replace(/"/g, '&quot;') + '" title="kubeviz: ' +
        (btn.dataset.title || d.name).replace(/"/g, '&quot;') + '" width="100%" height="720" loading="lazy"></iframe>';
      what = 'Embed code';
    } else {
      text = ownURL(d, '/demos/' + d.name);
      what = 'Link to this state';
    }
    box.hidden = false;
    label.textContent = what;
    input.value = text;
    input.focus();
    input.select();
    var done = function (ok) {
      status.textContent = ok ? what + ' copied.' : 'Press Ctrl+C (or ⌘C) to copy.';
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    } else {
      done(false);
    }
  }

  // Embedded in another site's iframe: tell the host page our height, so it
  // can size the iframe (see README.md, Embedding).
  function reportHeight() {
    if (window.parent === window || !document.body.classList.contains('embed')) return;
    var last = 0;
    var send = function () {
      var h = Math.ceil(document.documentElement.scrollHeight);
      if (h === last) return;
      last = h;
      var root = document.querySelector('[data-demo]');
      window.parent.postMessage({ type: 'kubeviz:height', demo: root ? root.dataset.demo : '', height: h }, '*');
    };
    if ('ResizeObserver' in window) new ResizeObserver(send).observe(document.body);
    send();
  }

  function showShortcuts() {
    var dlg = document.getElementById('shortcuts');
    if (dlg && !dlg.open) dlg.showModal();
  }

  function typing(el) {
    return el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
  }

  function keyDemo() {
    if (active && active.total > 0) return active;
    for (var i = 0; i < controllers.length; i++) {
      var r = controllers[i].root.getBoundingClientRect();
      if (controllers[i].total > 0 && r.bottom > 0 && r.top < innerHeight) return controllers[i];
    }
    return null;
  }

  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    // In a checkpoint's choices the arrow keys move between answers, as in
    // any radio group, but a presenter's clicker (PageDown/PageUp) still steps.
    var clicker = (ev.key === 'PageDown' || ev.key === 'PageUp') && ev.target.type === 'radio';
    if (typing(ev.target) && !clicker) return;
    if (ev.key === '?') { ev.preventDefault(); showShortcuts(); return; }
    if (document.body.classList.contains('present') && (ev.key === '.' || ev.key === 'b' || ev.key === 'B')) {
      ev.preventDefault(); // clickers' "blank screen" key
      document.body.classList.toggle('blank');
      return;
    }
    if (document.body.classList.contains('blank')) document.body.classList.remove('blank');
    if (ev.key === 'd' || ev.key === 'D') {
      for (var i = 0; i < controllers.length; i++) {
        if (controllers[i].role === 'follower' || controllers[i].lastRoom) { ev.preventDefault(); controllers[i].toggleFollow(); return; }
      }
    }
    var d = keyDemo();
    if (!d) return;
    var a = null;
    switch (ev.key) {
      case 'ArrowRight': case 'PageDown': a = 'step'; break;
      case 'ArrowLeft': case 'PageUp': a = 'back'; break;
      case ' ':
        if (ev.target.closest && ev.target.closest('a,button,summary')) return; // Space activates the focused control
        a = d.playing ? 'pause' : 'play'; break;
      case 'r': case 'R': a = 'reset'; break;
    }
    if (!a) return;
    ev.preventDefault();
    d.send({ a: a });
  });

  function start() {
    var roots = document.querySelectorAll('[data-demo]');
    var io = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { demoOf(e.target).connect(); io.unobserve(e.target); }
      });
    }, { rootMargin: '200px' }) : null;
    roots.forEach(function (root) {
      var d = new Demo(root);
      controllers.push(d);
      if (io) io.observe(root); else d.connect();
    });
    if (controllers.length === 1) active = controllers[0];
    reportHeight();
    startQuizzes();
    startNotes();
  }
  // Check-yourself questions: instant feedback in the page; what a learner
  // answered stays in this browser (localStorage) and can be exported.
  var PROGRESS_KEY = 'kubeviz-progress-v1';
  function loadProgress() {
    try { return JSON.parse(localStorage.getItem(PROGRESS_KEY)) || {}; } catch (e) { return {}; }
  }
  function saveProgress(p) {
    try { localStorage.setItem(PROGRESS_KEY, JSON.stringify(p)); } catch (e) { /* private mode: no memory */ }
  }
  function answerQuestion(fs, choice, remember) {
    var right = String(choice) === fs.dataset.answer;
    fs.classList.toggle('right', right);
    fs.classList.toggle('wrong', !right);
    var why = fs.querySelector('.q-answer strong').nextSibling;
    fs.querySelector('[data-q-feedback]').textContent = right ? 'Right. ' + (why ? why.textContent.trim() : '') : 'Not quite; try another answer.';
    if (remember) {
      var p = loadProgress();
      var sec = fs.closest('[data-quiz]').dataset.quiz;
      p[sec] = p[sec] || {};
      p[sec][fs.dataset.q] = { choice: Number(choice), right: right, at: new Date().toISOString() };
      saveProgress(p);
    }
    showProgress();
  }
  function showProgress() {
    var all = 0, right = 0;
    document.querySelectorAll('[data-quiz]').forEach(function (qz) {
      var n = qz.querySelectorAll('.q').length, r = qz.querySelectorAll('.q.right').length;
      all += n; right += r;
      var el = qz.querySelector('[data-quiz-progress]');
      if (el) el.textContent = r + ' of ' + n + ' answered right.';
    });
    var tot = document.querySelector('[data-progress-total]');
    if (tot) tot.textContent = 'Your answers: ' + right + ' of ' + all + ' right, kept in this browser only.';
  }
  // Predict-then-reveal checkpoints in demos: same feedback, nothing stored.
  document.addEventListener('change', function (ev) {
    var fs = ev.target.closest && ev.target.closest('[data-predict]');
    if (fs && ev.target.type === 'radio') {
      var d = demoOf(fs);
      if (d) { d.predicted = d.predicted || {}; d.predicted[fs.dataset.predict] = ev.target.value; }
      answerQuestion(fs, ev.target.value, false);
    }
  });

  function startQuizzes() {
    if (!document.querySelector('[data-quiz]')) return;
    var p = loadProgress();
    document.querySelectorAll('[data-quiz]').forEach(function (qz) {
      var saved = p[qz.dataset.quiz] || {};
      qz.querySelectorAll('.q').forEach(function (fs) {
        var s = saved[fs.dataset.q];
        if (!s) return;
        var input = fs.querySelector('input[value="' + s.choice + '"]');
        if (input) { input.checked = true; answerQuestion(fs, s.choice, false); }
      });
    });
    showProgress();
    document.addEventListener('change', function (ev) {
      var fs = ev.target.closest && ev.target.closest('[data-quiz] .q');
      if (fs && ev.target.type === 'radio') answerQuestion(fs, ev.target.value, true);
    });
    document.addEventListener('click', function (ev) {
      var b = ev.target.closest && ev.target.closest('[data-progress]');
      if (!b) return;
      if (b.dataset.progress === 'export') {
        var blob = new Blob([JSON.stringify({ kubeviz: 'progress', version: 1, answers: loadProgress() }, null, 2)], { type: 'application/json' });
        var a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = 'kubeviz-progress.json';
        document.body.appendChild(a); a.click(); a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
      } else if (b.dataset.progress === 'reset') {
        saveProgress({});
        document.querySelectorAll('[data-quiz] .q').forEach(function (fs) {
          fs.classList.remove('right', 'wrong');
          fs.querySelector('[data-q-feedback]').textContent = '';
          fs.querySelectorAll('input').forEach(function (i) { i.checked = false; });
        });
        showProgress();
      }
    });
  }

  // Speaker notes: the presenter's window says which section and step is on
  // screen; the notes window (/notes) follows. Same browser, no server.
  var notesChannel = 'BroadcastChannel' in window ? new BroadcastChannel('kubeviz-present') : null;
  var presenting = false;
  function tellNotes(msg) { if (notesChannel && presenting) notesChannel.postMessage(msg); }
  function startNotes() {
    presenting = document.body.classList.contains('present');
    if (document.body.classList.contains('notes') && notesChannel) {
      var now = document.querySelector('[data-notes-now]');
      notesChannel.onmessage = function (ev) {
        var m = ev.data || {};
        if (m.section) {
          document.querySelectorAll('[data-notes-section]').forEach(function (s) {
            s.classList.toggle('now', s.dataset.notesSection === m.section);
          });
          var el = document.getElementById('notes-' + m.section);
          if (el) el.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
        }
        if (m.narration !== undefined || m.title) {
          now.textContent = (m.title ? m.title + ': ' : '') + (m.total ? 'step ' + m.step + ' of ' + m.total + '. ' : '') + (m.narration || '');
        }
      };
      notesChannel.postMessage({ hello: true }); // ask the presenter for where it is
      return;
    }
    if (!presenting || !notesChannel) return;
    var current = null;
    var sayWhere = function () {
      var d = active || controllers[0];
      if (current) tellNotes({ section: current });
      if (d) tellNotes({ section: current || d.root.dataset.section, title: d.root.querySelector('h1,h3').textContent,
        narration: (d.live.querySelector('[data-narration]') || {}).textContent, step: Number(d.root.dataset.step || 0), total: d.total });
    };
    notesChannel.onmessage = function (ev) { if (ev.data && ev.data.hello) sayWhere(); };
    var secs = document.querySelectorAll('.course-section');
    if (secs.length && 'IntersectionObserver' in window) {
      var io = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          if (e.isIntersecting && e.target.id !== current) { current = e.target.id; tellNotes({ section: current }); }
        });
      }, { threshold: 0.4 });
      secs.forEach(function (s) { io.observe(s); });
    }
    sayWhere();
    document.addEventListener('kubeviz:frame', sayWhere);
  }

  window.addEventListener('pagehide', function () {
    controllers.forEach(function (d) { d.closedByPage = true; if (d.ws) d.ws.close(1000); });
  });
  window.addEventListener('pageshow', function (ev) {
    if (!ev.persisted) return;
    controllers.forEach(function (d) { d.closedByPage = false; d.connect(); });
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
