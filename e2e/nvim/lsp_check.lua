-- Headless Neovim (0.7+) check of the Kubernetes Network Lens language server over stdio.
-- Usage (see run.sh): LSP_SERVER=server/out/server.js LSP_WORKSPACE=test/e2e/workspace \
--   nvim --headless -u NONE -i NONE -n -c 'luafile e2e/nvim/lsp_check.lua'
-- Prints one PASS/FAIL line per check and "N passed, M failed"; exits 0 only if all passed.
local server = assert(os.getenv('LSP_SERVER'), 'LSP_SERVER not set')
local ws = vim.fn.fnamemodify(assert(os.getenv('LSP_WORKSPACE'), 'LSP_WORKSPACE not set'), ':p'):gsub('/$', '')
local SOURCE = 'k8s-network-lens'
local TIMEOUT = 15000

local passed, failed = 0, 0
local function out(s) io.stdout:write(s .. '\n'); io.stdout:flush() end
local function check(name, ok, detail)
  if ok then passed = passed + 1 else failed = failed + 1 end
  out((ok and 'PASS ' or 'FAIL ') .. name .. (detail and detail ~= '' and (': ' .. detail) or ''))
end
local function finish()
  out(string.format('%d passed, %d failed', passed, failed))
  vim.cmd((failed == 0 and passed > 0) and 'qa!' or 'cquit 1')
end

-- Raw LSP diagnostics as the server published them, per document URI (nil = nothing published yet).
local published = {}
local function fmt(d)
  local r = d.range
  return string.format('[%s] %d:%d-%d:%d %s', tostring(d.code), r.start.line + 1, r.start.character + 1,
    r['end'].line + 1, r['end'].character + 1, d.message)
end
local function fmt_all(ds)
  if not ds or #ds == 0 then return '(none)' end
  return table.concat(vim.tbl_map(fmt, ds), '; ')
end

local function open(rel)
  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. rel))
  vim.bo.filetype = 'yaml' -- -u NONE: no filetype detection; the LSP languageId comes from this
  return vim.api.nvim_get_current_buf()
end

local ok, err = pcall(function()
  local broken = open('broken-service.yaml')
  local valid = open('api-service.yaml')
  local netpol = open('networkpolicy.yaml')
  local workflow = open('.github/workflows/ci.yml')

  local client_id = vim.lsp.start_client({
    name = 'k8s-network-lens',
    cmd = { 'node', server, '--stdio' },
    root_dir = ws,
    settings = { k8sNetworkLens = { enable = true } },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
        published[result.uri] = result.diagnostics
        return vim.lsp.handlers['textDocument/publishDiagnostics'](e, result, ctx, config)
      end,
    },
  })
  check('server starts (node ' .. server .. ' --stdio)', client_id ~= nil)
  for _, b in ipairs({ broken, valid, netpol, workflow }) do vim.lsp.buf_attach_client(b, client_id) end

  -- 1. The broken Service: schema-unknown-field on exactly the key `poarts`.
  local broken_uri = vim.uri_from_bufnr(broken)
  local function unknown_field()
    for _, d in ipairs(published[broken_uri] or {}) do
      if d.code == 'schema-unknown-field' then return d end
    end
  end
  vim.wait(TIMEOUT, function() return unknown_field() ~= nil end, 20)
  local d = unknown_field()
  local lines = vim.api.nvim_buf_get_lines(broken, 0, -1, false)
  local key_line, key_col
  for i, l in ipairs(lines) do
    local s = l:find('^%s*poarts:')
    if s then key_line = i - 1; key_col = l:find('poarts', 1, true) - 1; break end
  end
  assert(key_line, 'fixture broken-service.yaml has no poarts: key')
  check('diagnostic schema-unknown-field for the unknown key', d ~= nil and d.source == SOURCE,
    d and fmt(d) .. ' (source ' .. tostring(d.source) .. ')' or 'none: ' .. fmt_all(published[broken_uri]))
  local r = d and d.range
  check('its range is exactly the key `poarts`',
    r ~= nil and r.start.line == key_line and r.start.character == key_col
      and r['end'].line == key_line and r['end'].character == key_col + #'poarts',
    string.format('expected %d:%d-%d:%d', key_line + 1, key_col + 1, key_line + 1, key_col + 1 + #'poarts'))
  -- ... and Neovim's diagnostic API (what the user sees) has it on that line and column.
  local vd = vim.tbl_filter(function(x)
    local code = x.code or (x.user_data and x.user_data.lsp and x.user_data.lsp.code)
    return x.source == SOURCE and code == 'schema-unknown-field'
  end, vim.diagnostic.get(broken))
  check('vim.diagnostic shows it at the key', #vd == 1 and vd[1].lnum == key_line and vd[1].col == key_col
      and vd[1].end_lnum == key_line and vd[1].end_col == key_col + #'poarts',
    #vd > 0 and string.format('%d:%d-%d:%d', vd[1].lnum + 1, vd[1].col + 1, vd[1].end_lnum + 1, vd[1].end_col + 1) or 'none')

  -- 2. Valid documents: the server publishes an empty list for them. Waiting for that
  --    publication (not a sleep) proves the server has looked at them.
  for _, case in ipairs({ { valid, 'valid ClusterIP Service' }, { netpol, 'valid NetworkPolicy' }, { workflow, 'GitHub workflow (not Kubernetes)' } }) do
    local uri = vim.uri_from_bufnr(case[1])
    vim.wait(TIMEOUT, function() return published[uri] ~= nil end, 20)
    local ds = published[uri]
    check('no diagnostics for the ' .. case[2], ds ~= nil and #ds == 0,
      ds == nil and 'the server published nothing for it within ' .. TIMEOUT .. ' ms' or fmt_all(ds))
  end

  -- 3. Hover on `type: NodePort` and the DNS-name CodeLens above a Service.
  local nodeport = open('nodeport-service.yaml')
  vim.lsp.buf_attach_client(nodeport, client_id)
  local np_line
  for i, l in ipairs(vim.api.nvim_buf_get_lines(nodeport, 0, -1, false)) do
    if l:find('^%s*type: NodePort') then np_line = i - 1; break end
  end
  local col = vim.api.nvim_buf_get_lines(nodeport, np_line, np_line + 1, false)[1]:find('NodePort', 1, true)
  local res = vim.lsp.buf_request_sync(nodeport, 'textDocument/hover',
    { textDocument = { uri = vim.uri_from_bufnr(nodeport) }, position = { line = np_line, character = col } }, TIMEOUT) or {}
  local hover = res[client_id] and res[client_id].result
  local text = hover and hover.contents and (hover.contents.value or vim.inspect(hover.contents)) or ''
  check('hover on type: NodePort', text:find('^%*%*type: NodePort%*%*') ~= nil and text:find('30080', 1, true) ~= nil,
    (text:gsub('\n.*', '')))

  vim.api.nvim_set_current_buf(valid)
  vim.lsp.codelens.refresh()
  vim.wait(TIMEOUT, function() return #(vim.lsp.codelens.get(valid) or {}) > 0 end, 20)
  local titles = vim.tbl_map(function(l) return l.command and l.command.title or '' end, vim.lsp.codelens.get(valid) or {})
  check('CodeLens with the DNS name above the Service', vim.tbl_contains(titles, 'api-service.default.svc.cluster.local'),
    table.concat(titles, ' | '))

  -- 4. Clean shutdown (shutdown request + exit notification).
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
  check('server shuts down', vim.lsp.client_is_stopped(client_id))
end)
if not ok then check('no Lua error', false, tostring(err)) end
finish()
