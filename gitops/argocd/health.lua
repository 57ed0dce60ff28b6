-- Argo CD health check for ipam.alicloud.dev/IpamPoolAllocation (vpc-ipam-operator).
--
-- Reads the kstatus conditions the operator writes (README, "Conditions"):
--   no status yet, or status/Ready behind metadata.generation  -> Progressing (waiting for the operator)
--   Stalled=True                                                -> Degraded, message: the Stalled message
--   being deleted                                               -> Progressing, or Degraded if the release stalled
--   Reconciling=True                                            -> Progressing, message: the Reconciling message
--   Ready=True                                                  -> Healthy, message: the CIDR, or that it was a dry run
--   anything else                                               -> Progressing, message: Ready's message
-- A stale Stalled (older generation) is Progressing, as in kstatus: the new spec may already fix it.
--
-- Argo CD runs custom checks in Lua 5.1 (gopher-lua) without the string and math libraries, so this script uses
-- base functions only. gitops/argocd/argocd-cm-patch.yaml embeds it unchanged; a test checks that.

local hs = {}

local function find(conditions, wanted)
  if type(conditions) ~= "table" then
    return nil
  end
  for _, c in ipairs(conditions) do
    if type(c) == "table" and c.type == wanted then
      return c
    end
  end
  return nil
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

local function text(value, fallback)
  if type(value) == "string" and value ~= "" then
    return value
  end
  return fallback
end

-- A whole number as digits ("3", never "3.0"), without the string or math libraries.
local DIGITS = { [0] = "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" }
local function whole(n)
  if type(n) ~= "number" or n < 0 or n % 1 ~= 0 or n >= 1e15 then
    return tostring(n)
  end
  local out = ""
  repeat
    local d = n % 10
    out = DIGITS[d] .. out
    n = (n - d) / 10
  until n < 1
  return out
end

local metadata = obj.metadata or {}
local generation = metadata.generation
local deleting = metadata.deletionTimestamp ~= nil
local status = obj.status
local conditions = nil
if type(status) == "table" then
  conditions = status.conditions
end
local ready = find(conditions, "Ready")
local reconciling = find(conditions, "Reconciling")
local stalled = find(conditions, "Stalled")

-- 1. Nothing reported yet: the operator has not looked at this resource.
if type(status) ~= "table" or (status.observedGeneration == nil and ready == nil) then
  hs.status = "Progressing"
  if deleting then
    hs.message = "Being deleted; waiting for the operator (no status yet)"
  else
    hs.message = "Waiting for the operator to reconcile this allocation (no status yet)"
  end
  return hs
end

-- 2. The status describes an older spec (or, while deleting, the time before the deletion).
local function behind(observed)
  return type(observed) == "number" and type(generation) == "number" and observed < generation
end
local lag = nil
if behind(status.observedGeneration) then
  lag = status.observedGeneration
elseif ready ~= nil and behind(ready.observedGeneration) then
  lag = ready.observedGeneration
end
if lag ~= nil then
  hs.status = "Progressing"
  if deleting then
    hs.message = "Being deleted; waiting for the operator to act on generation " .. whole(generation)
      .. " (status is for generation " .. whole(lag) .. ")"
  else
    hs.message = "Waiting for the operator to observe generation " .. whole(generation)
      .. " (status is for generation " .. whole(lag) .. ")"
  end
  return hs
end

-- 3. A person has to act.
if isTrue(stalled) then
  hs.status = "Degraded"
  local message = text(stalled.message, text(stalled.reason, "Stalled"))
  if deleting then
    hs.message = "Release blocked, the finalizer stays: " .. message
  else
    hs.message = message
  end
  return hs
end

-- 4. Being deleted: releasing, retrying, or holding the finalizer after a dry-run release.
if deleting then
  hs.status = "Progressing"
  if isTrue(reconciling) then
    hs.message = "Being deleted: " .. text(reconciling.message, text(reconciling.reason, "releasing"))
  elseif isTrue(ready) and ready.reason == "DryRunOperation" then
    hs.message = "Being deleted, finalizer kept: " .. text(ready.message, "a dry-run release passed")
  else
    hs.message = "Being deleted; waiting for the operator to release the allocation"
  end
  return hs
end

-- 5. The operator is working or retrying by itself (Allocating, Adopting, Throttled, CloudUnavailable).
if isTrue(reconciling) then
  hs.status = "Progressing"
  hs.message = text(reconciling.message, text(reconciling.reason, "Reconciling"))
  return hs
end

-- 6. Ready at the current generation.
if isTrue(ready) then
  hs.status = "Healthy"
  local message
  if ready.reason == "DryRunOperation" then
    message = "Dry run passed, no CIDR is reserved: " .. text(ready.message, "the cloud accepted the request")
  elseif text(status.cidr, nil) ~= nil then
    message = status.cidr .. " reserved"
    if text(status.allocationId, nil) ~= nil then
      message = message .. " as " .. status.allocationId
    end
    message = message .. " (" .. text(ready.reason, "Ready") .. ")"
  else
    message = text(ready.message, text(ready.reason, "Ready"))
  end
  local dryRun = find(conditions, "DryRun")
  if dryRun ~= nil and ready.reason ~= "DryRunOperation" then
    message = message .. "; spec.dryRun is true, changes are only dry-run: "
      .. text(dryRun.message, text(dryRun.reason, ""))
  end
  local releasable = find(conditions, "Releasable")
  if releasable ~= nil and releasable.status == "False" then
    message = message .. "; not releasable (" .. text(releasable.reason, "Releasable=False")
      .. "): deleting this resource would stall, set spec.deletionPolicy: Orphan"
  end
  hs.message = message
  return hs
end

-- 7. Anything else: not ready, and the operator says why.
hs.status = "Progressing"
if ready ~= nil then
  hs.message = text(ready.message, text(ready.reason, "Not ready"))
else
  hs.message = "Waiting for the Ready condition"
end
return hs
