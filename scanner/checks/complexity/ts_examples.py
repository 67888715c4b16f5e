"""Rule examples of CX001 / CX002 for JavaScript, TypeScript, Go and Java (the constructs of
``ts_order``, ``ts_bounds`` and ``ts_recursion``). They are part of the rules' ``VALID`` /
``INVALID`` lists (``nested_loops.py`` adds them), so they are run as tests like every example;
they are cases we wrote, not evidence of accuracy on real code."""

from __future__ import annotations

from scanner.rule import Invalid, Valid

CX002_VALID = [
    # building the error that a `throw` raises runs once (JS, Java); asking for the last pass
    # (`i === cols.length - 1`) is no search (the reader rule)
    Valid("""
        class A {
            String path(int[] stack, int size) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < size; i++) b.append(stack[i]);
                return b.toString();
            }
            void read(char[] buf, int[] stack, int size) {
                for (int i = 0; i < buf.length; i++) {
                    switch (buf[i]) {
                        case 'a': continue;
                        default: throw new IllegalStateException("bad char at " + path(stack, size));
                    }
                }
            }
        }
        """, path="Example.java", **{"report-all": True}),
    Valid("""
        function csv(rows, cols) {
          let out = "";
          for (const row of rows) {
            for (let i = 0; i < cols.length; i++) {
              out += row[cols[i]];
              if (i === cols.length - 1) { out += "\\n"; }
            }
          }
          return out;
        }
        """, path="example.js"),
    Valid("""
        function check(items) {
          for (const x of items) {
            switch (typeof x) {
              case "string": continue;
              default: throw new Error(items.map(String).join(","));
            }
          }
        }
        """, path="example.js", **{"report-all": True}),
    # a monotonic stack popped in a helper that the loop calls before it pushes: each element is
    # popped once over all calls (JS, Java); a pointer that trails the index (`left = right`) reads
    # the same passes' elements (JS, Go)
    Valid("""
        function fleets(times, stack = []) {
          for (const t of times) { shrink(t, stack); stack.push(t); }
          return stack.length;
        }
        function shrink(t, stack) {
          while (stack.length && stack[stack.length - 1] <= t) stack.pop();
        }
        function beams(bank) {
          let total = 0, left = 0, right = 1;
          while (right < bank.length) {
            total += bank[left].split('').filter(b => b === '1').length * bank[right].length;
            left = right;
            right++;
          }
          return total;
        }
        """, path="example.js", **{"report-all": True}),
    Valid("""
        import java.util.*;
        class A {
            int fleets(int[] times) {
                Deque<Integer> stack = new ArrayDeque<>();
                for (int t : times) { shrink(t, stack); stack.push(t); }
                return stack.size();
            }
            void shrink(int t, Deque<Integer> stack) {
                while (!stack.isEmpty() && stack.peek() <= t) stack.pop();
            }
        }
        """, path="Example.java", **{"report-all": True}),
    Valid("""
        package p
        func beams(bank []string) int {
        	total, left := 0, 0
        	for right := 1; right < len(bank); right++ {
        		for _, c := range bank[left] {
        			if c == '1' {
        				total++
        			}
        		}
        		left = right
        	}
        	return total
        }
        """, path="example.go", **{"report-all": True}),
    # a substring test for a written-out string is no scan of a collection (JS, Java, Go); a string
    # constant of the class is a table; `i < 6 && el != null` caps the passes at six
    Valid("""
        function dist(paths) {
          for (const p of paths) { if (p.includes("../dist") || p.lastIndexOf('[') > 0) { return p; } }
        }
        """, path="example.js", **{"report-all": True}),
    Valid("""
        class A {
            private static final String unsafe = "<>{}|";
            int count(String s, List<Node> nodes) {
                int n = 0;
                for (int i = 0; i < s.length(); i++) { if (unsafe.indexOf(s.charAt(i)) >= 0) n++; }
                for (Node node : nodes) {
                    int depth = 0;
                    Node el = node;
                    do { el = el.parent(); depth++; } while (depth < 6 && el != null);
                }
                return n;
            }
        }
        """, path="Example.java", **{"report-all": True}),
    Valid("""
        package p
        import "strings"
        func headers(lines []string) int {
        	n := 0
        	for _, l := range lines {
        		if strings.Contains(l, ":") {
        			n++
        		}
        	}
        	return n
        }
        """, path="example.go", **{"report-all": True}),
    # the names of a callee are its own: the caller's `source` and the callee's parameter `source`
    # are two collections (the callee walks the caller's slices, a pointer that trails the index)
    Valid("""
        package p
        func raw(w Writer, source []byte) {
        	for i := 0; i < len(source); i++ {
        		w.WriteByte(source[i])
        	}
        }
        func write(w Writer, source []byte) {
        	n := 0
        	for i := 0; i < len(source); i++ {
        		if source[i] == '\\' {
        			raw(w, source[n:i])
        			n = i
        		}
        	}
        }
        """, path="example.go"),
    # Java: removing a list's last element (a stack's pop) or a queue's head is no scan
    Valid("""
        import java.util.*;
        class A {
            void unwind(List<Node> stack, Deque<Node> queue, int depth) {
                while (stack.size() > depth) { stack.remove(stack.size() - 1); }
                while (!queue.isEmpty()) { Node n = queue.remove(); n.close(); }
            }
        }
        """, path="Example.java", **{"report-all": True}),
    # the reader rule: rows x columns (each column per row, each middleware per route) is the size of
    # the data walked, not reported unless `report-all = true`; so is draining a list built before
    # the loop from its front (a memmove per pass) and an `if` that only asks each element
    Valid("""
        function table(rows, columns) {
          const out = [];
          for (const row of rows) {
            for (const col of columns) { out.push(col.render(row)); }
          }
          return out;
        }
        function handle(reqs, handlers) {
          for (const req of reqs) {
            for (const h of handlers) { if (h.accepts(req)) { h.run(req); break; } }
          }
        }
        """, path="example.js"),
    Valid("""
        package p
        func apply(rows []Row, converters []Converter) {
        	for _, r := range rows {
        		for _, c := range converters {
        			r.Value = c.Convert(r.Value)
        		}
        	}
        }
        """, path="example.go"),
    Valid("""
        import java.util.*;
        class A {
            void render(List<Node> nodes, List<Visitor> visitors) {
                for (Node n : nodes) {
                    for (Visitor v : visitors) { v.visit(n); }
                }
            }
        }
        """, path="Example.java"),
    # Go: a method that calls the same-named method of a field of another declared type delegates
    Valid("""
        package p

        import "container/list"

        type Cache struct {
        	order *list.List
        }

        func (c *Cache) Len() int {
        	return c.order.Len()
        }

        func (c *Cache) Total(keys []string) int {
        	t := 0
        	for range keys {
        		t += c.Len()
        	}
        	return t
        }
        """, path="example.go"),
    # doubling by adding a value to itself runs log n times (Java long division by doubling)
    Valid("""
        class D {
            int divide(int dividend, int divisor) {
                int quotient = 0;
                while (dividend >= divisor) {
                    int value = divisor, power = 1;
                    while (value + value <= dividend) { value += value; power += power; }
                    dividend -= value;
                    quotient += power;
                }
                return quotient;
            }
        }
        """, path="Example.java"),
    # level-order traversals: the loop up to the worklist's current size takes that level's items off
    # it (JS shift, Go `queue = queue[1:]`, Java poll); a loop over a function's returned offsets table
    Valid("""
        function levels(root) {
          const out = [];
          const queue = [root];
          while (queue.length) {
            const row = [];
            for (let i = queue.length; i > 0; i--) {
              const node = queue.shift();
              row.push(node.val);
              for (const child of node.children) queue.push(child);
            }
            out.push(row);
          }
          return out;
        }
        const neighbours = (r, c) => [[0, 1], [1, 0], [0, -1], [-1, 0]].map(([dr, dc]) => [r + dr, c + dc]);
        function spread(grid, starts) {
          const queue = [...starts];
          while (queue.length) {
            const [r, c] = queue.shift();
            for (const [nr, nc] of neighbours(r, c)) {
              if (grid[nr] && grid[nr][nc] === 1) { grid[nr][nc] = 2; queue.push([nr, nc]); }
            }
          }
        }
        """, path="example.js"),
    Valid("""
        package p

        type Node struct{ Kids []*Node }

        func levels(root *Node) int {
        	depth := 0
        	queue := []*Node{root}
        	for len(queue) > 0 {
        		n := len(queue)
        		for i := 0; i < n; i++ {
        			node := queue[0]
        			queue = queue[1:]
        			queue = append(queue, node.Kids...)
        		}
        		depth++
        	}
        	return depth
        }
        """, path="example.go"),
    Valid("""
        import java.util.*;
        class Bfs {
            int levels(Node root) {
                Deque<Node> q = new ArrayDeque<>();
                q.add(root);
                int depth = 0;
                while (!q.isEmpty()) {
                    int size = q.size();
                    for (int i = 0; i < size; i++) {
                        Node n = q.poll();
                        for (Node k : n.kids) q.add(k);
                    }
                    depth++;
                }
                return depth;
            }
        }
        """, path="Example.java"),
    # a search that marks what it visited, started from every node: the marks persist, so all the
    # calls together visit each node once (JS, Go, Java)
    Valid("""
        function components(adj) {
          const seen = new Set();
          let count = 0;
          for (let u = 0; u < adj.length; u++) {
            if (!seen.has(u)) { count++; visit(adj, u, seen); }
          }
          return count;
        }
        function visit(adj, u, seen) {
          if (seen.has(u)) return;
          seen.add(u);
          for (const v of adj[u]) visit(adj, v, seen);
        }
        """, path="example.js"),
    Valid("""
        package p

        func components(adj map[int][]int, n int) int {
        	seen := map[int]bool{}
        	count := 0
        	for u := 0; u < n; u++ {
        		if !seen[u] {
        			count++
        			visit(adj, u, seen)
        		}
        	}
        	return count
        }

        func visit(adj map[int][]int, u int, seen map[int]bool) {
        	if seen[u] {
        		return
        	}
        	seen[u] = true
        	for _, v := range adj[u] {
        		visit(adj, v, seen)
        	}
        }
        """, path="example.go"),
    Valid("""
        import java.util.*;
        class Dfs {
            int components(List<List<Integer>> adj) {
                boolean[] seen = new boolean[adj.size()];
                int count = 0;
                for (int u = 0; u < adj.size(); u++) {
                    if (!seen[u]) { count++; visit(adj, u, seen); }
                }
                return count;
            }
            void visit(List<List<Integer>> adj, int u, boolean[] seen) {
                if (seen[u]) return;
                seen[u] = true;
                for (int v : adj.get(u)) visit(adj, v, seen);
            }
        }
        """, path="Example.java"),
    # a sliding window that deletes what the outer loop added; a direction table mapped in place
    Valid("""
        function longest(s) {
          const seen = new Set();
          let l = 0, best = 0;
          for (let r = 0; r < s.length; r++) {
            while (seen.has(s[r])) { seen.delete(s[l]); l++; }
            seen.add(s[r]);
            best = Math.max(best, r - l + 1);
          }
          return best;
        }
        const around = (r, c) => [[0, 1], [1, 0], [0, -1], [-1, 0]].map(([dr, dc]) => [r + dr, c + dc]).filter(([a, b]) => a >= 0 && b >= 0);
        """, path="example.js"),
    # a parameter or a local shadows a same-file function of the same name: `iteratee` is the caller's callback
    Valid("""
        function iteratee(value) {
          for (const k of Object.keys(value)) { for (const j of value[k]) { console.log(j); } }
        }
        function arrayMap(array, iteratee) {
          for (let index = 0; index < array.length; index++) { iteratee(array[index]); }
        }
        function includes(list, x) {
          return list.indexOf(x) >= 0;
        }
        function difference(array, values, isLarge) {
          let includes = arrayIncludes;
          if (isLarge) { includes = cacheHas; values = new SetCache(values); }
          for (const x of array) { if (!includes(values, x)) { console.log(x); } }
        }
        """, path="example.js"),
    # an index loop's element and what is made from it are the pass's own parts (keys of each source)
    Valid("""
        function assign(object, sources) {
          let index = -1;
          const length = sources.length;
          while (++index < length) {
            const source = sources[index];
            const props = Object.keys(source);
            let propsIndex = -1;
            const propsLength = props.length;
            while (++propsIndex < propsLength) { object[props[propsIndex]] = source[props[propsIndex]]; }
          }
        }
        """, path="example.js"),
    # a call that passes the item: the callee's loops walk the item's parts
    Valid("""
        function copy(source) {
          const out = [];
          for (let i = 0; i < source.length; i++) { out.push(source[i]); }
          return out;
        }
        function copyAll(lists) {
          for (let i = 0; i < lists.length; i++) { copy(lists[i]); }
        }
        """, path="example.js"),
    # the quadratic path runs only below a constant size: larger inputs take a Set
    Valid("""
        const LARGE_ARRAY_SIZE = 200;
        function uniq(array) {
          const length = array.length;
          if (length >= LARGE_ARRAY_SIZE) { return [...new Set(array)]; }
          const seen = [];
          for (let i = 0; i < length; i++) {
            let j = seen.length;
            while (j--) { if (seen[j] === array[i]) { break; } }
            seen.push(array[i]);
          }
          return seen;
        }
        """, path="example.js"),
    # a module-level constant table is not n
    Valid("""
        const KINDS = ['add', 'change', 'remove'];
        function tally(events) {
          for (const e of events) { for (const k of KINDS) { if (e.kind === k) { console.log(k); } } }
        }
        """, path="example.js"),
    # Go: the block that returns runs once per call, not once per route
    Valid("""
        package p
        func (r *Router) Match(req *Request) bool {
        	for _, route := range r.routes {
        		if route.Match(req) {
        			for i := len(r.middlewares) - 1; i >= 0; i-- {
        				req.Handler = r.middlewares[i].Wrap(req.Handler)
        			}
        			return true
        		}
        	}
        	return false
        }
        """, path="example.go"),
    # Go: a collection made fresh in the pass, the element selected by the item, a constant table,
    # a benchmark's b.N, a helper called with the item's part
    Valid("""
        package p
        var methods = []string{"GET", "POST", "PUT"}
        func f(tests []Case, toCheck map[string]string, toMatch map[string][]string) {
        	for _, tc := range tests {
        		var m Match
        		tc.matcher.Match(tc.url, &m)
        		for name := range m.Vars {
        			_ = name
        		}
        		for _, meth := range methods {
        			_ = meth
        		}
        		extract(tc.names)
        	}
        	for k := range toCheck {
        		k = canonical(k)
        		for _, v := range toMatch[k] {
        			_ = v
        		}
        	}
        }
        func extract(names []string) {
        	for _, n := range names {
        		_ = n
        	}
        }
        func BenchmarkQuery(b *testing.B) {
        	for i := 0; i < b.N; i++ {
        		for k := range all {
        			_ = k
        		}
        	}
        }
        """, path="example.go"),
    # Java: a static final table; a traversal of a tree
    Valid("""
        import java.util.*;
        class A {
            static final List<String> KINDS = List.of("a", "b", "c");
            void f(List<String> rows) {
                for (String r : rows) { for (String k : KINDS) { System.out.println(r + k); } }
            }
            int size(Node node) {
                if (node == null) return 0;
                int n = 1;
                for (Node c : node.children) { n += size(c); }
                return n;
            }
        }
        """, path="Example.java"),
    # recursion: a traversal, divide and conquer, a binary search, a memo are not a level more
    Valid("""
        function size(node) {
          if (!node) return 0;
          let n = 1;
          for (const c of node.children) { n += size(c); }
          return n;
        }
        function sort(a) {
          if (a.length < 2) return a;
          const mid = a.length >> 1;
          return merge(sort(a.slice(0, mid)), sort(a.slice(mid)));
        }
        function merge(a, b) {
          const out = [];
          let i = 0, j = 0;
          while (i < a.length && j < b.length) { out.push(a[i] < b[j] ? a[i++] : b[j++]); }
          return out;
        }
        const memo = new Map();
        function ways(n) {
          if (n < 2) return 1;
          if (memo.has(n)) return memo.get(n);
          const r = ways(n - 1) + ways(n - 2);
          memo.set(n, r);
          return memo.get(n);
        }
        """, path="example.js"),
]

CX002_INVALID = [
    # a loop up to the worklist's size that does not take its items off it still multiplies
    Invalid("""
        function pairs(queue) {
          let count = 0;
          while (queue.length) {
            const head = queue.pop();
            for (let i = 0; i < queue.length; i++) { if (queue[i] === head) count++; }
          }
          return count;
        }
        """, 4, path="example.js"),
    # recursion through a same-file helper that calls back: one level per round of the cycle, counted
    # once (each function of the cycle is reported: each is O(n^2) when called)
    Invalid("""
        function countDown(a, n) {
          if (n <= 0) return;
          step(a, n);
        }
        function step(a, n) {
          for (let i = 0; i < n; i++) { a[i] += 1; }
          countDown(a, n - 1);
        }
        """, 4, 8, path="example.js"),
    Invalid("""
        package p

        func countDown(a []int, n int) {
        	if n <= 0 {
        		return
        	}
        	step(a, n)
        }

        func step(a []int, n int) {
        	for i := 0; i < n; i++ {
        		a[i]++
        	}
        	countDown(a, n-1)
        }
        """, 8, 15, path="example.go"),
    Invalid("""
        class Mut {
            void countDown(int[] a, int n) {
                if (n <= 0) return;
                step(a, n);
            }
            void step(int[] a, int n) {
                for (int i = 0; i < n; i++) { a[i] += 1; }
                countDown(a, n - 1);
            }
        }
        """, 5, 9, path="Example.java"),
    # a self-call on n - 1 around linear work: n passes of O(n)
    Invalid("""
        function selectionSort(a, n) {
          if (n <= 1) return;
          for (let i = 0; i < n - 1; i++) { if (a[i] > a[n - 1]) { [a[i], a[n - 1]] = [a[n - 1], a[i]]; } }
          selectionSort(a, n - 1);
        }
        """, 5, path="example.js"),
    Invalid("""
        package p
        func sum(a []int) int {
        	if len(a) == 0 {
        		return 0
        	}
        	s := 0
        	for _, x := range a {
        		s += x
        	}
        	return s + sum(a[1:])
        }
        """, 11, path="example.go"),
    Invalid("""
        class A {
            void sort(int[] a, int n) {
                if (n <= 1) return;
                for (int i = 0; i < n - 1; i++) { if (a[i] > a[n - 1]) { int t = a[i]; a[i] = a[n - 1]; a[n - 1] = t; } }
                sort(a, n - 1);
            }
        }
        """, 6, path="Example.java"),
    # an index loop over an unrelated collection still multiplies; so does a table that is grown
    Invalid("""
        const seen = ['x'];
        seen.push('y');
        function f(rows, cols) {
          for (let i = 0; i < rows.length; i++) {
            if (seen.includes(rows[i])) { continue; }
          }
          let index = -1;
          while (++index < rows.length) {
            let j = cols.length;
            while (j--) { console.log(rows[index], cols[j]); }
          }
        }
        """, 5, path="example.js"),
    # Go: a goroutine started in a loop runs its loop once per pass
    Invalid("""
        package p
        func f(jobs []Job, workers []Worker) {
        	for _, j := range jobs {
        		go func() {
        			for _, w := range workers {
        				w.Do(j)
        			}
        		}()
        	}
        }
        """, 4, path="example.go", **{"report-all": True}),
    # the reader rule (order.actionable, ts_search): an inner level that looks for the outer item
    # is reported: a loop whose `if` matches its element against an outside value, a search callback,
    # a filter on the outer item, Java `equals`, Go `==`
    Invalid("""
        function owners(orders, users) {
          const out = [];
          for (const order of orders) {
            for (const user of users) {
              if (user.id === order.userId) { out.push(user); break; }
            }
          }
          return out;
        }
        function labels(items, tags) {
          return items.map(item => tags.find(t => t.key === item.tag));
        }
        function mine(items, users) {
          return users.map(u => items.filter(item => item.owner === u.name));
        }
        """, 4, 12, 15, path="example.js"),
    Invalid("""
        package p
        func owners(orders []Order, users []User) []User {
        	var out []User
        	for _, o := range orders {
        		for _, u := range users {
        			if u.ID == o.UserID {
        				out = append(out, u)
        			}
        		}
        	}
        	return out
        }
        """, 5, path="example.go"),
    Invalid("""
        import java.util.*;
        class A {
            Entry find(List<String> keys, List<Entry> entries) {
                for (String key : keys) {
                    for (Entry e : entries) {
                        if (e.getKey().equals(key)) { return e; }
                    }
                }
                return null;
            }
            List<Node> without(List<Node> nodes, List<Node> outs) {
                List<Node> kept = new ArrayList<>();
                for (Node n : nodes) {
                    boolean found = false;
                    for (Node out : outs) { if (n.equals(out)) { found = true; break; } }
                    if (!found) kept.add(n);
                }
                return kept;
            }
        }
        """, 5, 14, path="Example.java"),
    # JS copies are linear work: `new Set(xs)`, `Array.from(xs)`, `s.split('')`; rebuilding a set
    # from the array the loop walks is quadratic (exploding each line is the line's own part: not a
    # level)
    Invalid("""
        function dupes(xs) {
          let n = 0;
          for (const x of xs) { if (new Set(xs).has(x)) { n++; } }
          return n;
        }
        function words(lines) {
          return lines.map(l => l.split('').length);
        }
        """, 4, path="example.js"),
    # a rescan of what the enclosing loop accumulates, and a queue (shift of a list the loop grows)
    Invalid("""
        function collect(groups) {
          const all = [];
          for (const g of groups) {
            for (const x of all) { x.seen = true; }
            all.push(g);
          }
          return all;
        }
        function walk(start) {
          const queue = [start];
          for (let i = 0; i < start.size; i++) {
            const node = queue.shift();
            queue.push(node.next);
          }
        }
        """, 4, 12, path="example.js"),
]

CX001_VALID = [
    # `iteratee` is arrayMap's parameter, not the quadratic function of the same name
    Valid("""
        function iteratee(value) {
          for (const a of value) { for (const b of value) { console.log(a, b); } }
        }
        function arrayMap(array, iteratee) {
          const out = [];
          for (let i = 0; i < array.length; i++) { out.push(iteratee(array[i])); }
          return out;
        }
        """, path="example.js"),
]

CX001_INVALID = [
    # Java: Arrays.equals compares every element: comparing every row with every column is cubic
    Invalid("""
        class A {
            int equalPairs(int[][] grid) {
                int n = grid.length, ans = 0;
                int[][] cols = new int[n][n];
                for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) cols[j][i] = grid[i][j];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) { if (Arrays.equals(cols[i], grid[j])) ans++; }
                }
                return ans;
            }
        }
        """, 7, path="Example.java"),
    # one self-call on n - 1 around quadratic work: O(n^3)
    Invalid("""
        package p
        func peel(grid [][]int, n int) {
        	if n == 0 {
        		return
        	}
        	for i := 0; i < n; i++ {
        		for j := 0; j < n; j++ {
        			grid[i][j]++
        		}
        	}
        	peel(grid, n-1)
        }
        """, 12, path="example.go"),
]
