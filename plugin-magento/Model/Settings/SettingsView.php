<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Settings;

use ExactSidecar\Connector\Model\Admin\SidecarAdmin;

/**
 * What the configuration page shows in its sync and mapping fields: the sidecar's settings document (read once
 * per request), unless the last save has not reached the sidecar yet (then Magento's stored values, i.e. what
 * was typed, are shown), and the sidecar's field errors of that save next to their fields.
 */
class SettingsView
{
    /** @var SidecarAdmin */
    private $admin;

    /** @var PushState */
    private $state;

    /** @var array<string, mixed>|null */
    private $values;

    /** @var ProposalStore */
    private $proposals;

    /** @var array<string, mixed>|null the proposal shown in this page view */
    private $proposal;

    /**
     * @param SidecarAdmin $admin
     * @param PushState $state
     * @param ProposalStore $proposals
     */
    public function __construct(SidecarAdmin $admin, PushState $state, ProposalStore $proposals)
    {
        $this->admin = $admin;
        $this->state = $state;
        $this->proposals = $proposals;
    }

    /**
     * The proposal this page view shows (its values are in the fields), or null.
     *
     * @return array<string, mixed>|null
     */
    public function proposal(): ?array
    {
        $this->value('');
        return $this->proposal;
    }

    /**
     * The value to show for a field, or null to show Magento's stored value.
     *
     * @param string $path configuration path
     * @return mixed
     */
    public function value(string $path)
    {
        if ($this->values === null) {
            $this->values = [];
            $this->proposal = $this->proposals->take();
            if ($this->proposal !== null) {
                // a proposal asked for just now: shown once, in the fields, until Save Config
                $this->values = SettingsDocument::fieldValues($this->proposal['settings']);
            } elseif (!$this->state->isPending()) {
                $result = $this->admin->getSettings();
                if ($result->ok) {
                    $this->values = SettingsDocument::fieldValues($result->data);
                }
            }
        }
        return $this->values[$path] ?? null;
    }

    /**
     * @param string $path configuration path
     * @return string[]
     */
    public function errors(string $path): array
    {
        return $this->state->errorsFor($path);
    }

    /**
     * Select options with the current value(s) added when the list lacks them (a code Exact no longer offers,
     * a status Magento no longer has), so saving the page keeps them.
     *
     * @param array<int, array{value: mixed, label: mixed}> $options
     * @param mixed $current string, comma-separated string or list
     * @param string $notFound label suffix
     * @return array<int, array{value: mixed, label: mixed}>
     */
    public static function withCurrent(array $options, $current, string $notFound): array
    {
        $known = [];
        foreach ($options as $option) {
            if (is_array($option) && array_key_exists('value', $option) && !is_array($option['value'])) {
                $known[(string) $option['value']] = true;
            }
        }
        $values = is_array($current) ? $current : explode(',', (string) $current);
        foreach ($values as $value) {
            $value = is_scalar($value) ? trim((string) $value) : '';
            if ($value !== '' && !isset($known[$value])) {
                $options[] = ['value' => $value, 'label' => $value . ' (' . $notFound . ')'];
                $known[$value] = true;
            }
        }
        return $options;
    }
}
