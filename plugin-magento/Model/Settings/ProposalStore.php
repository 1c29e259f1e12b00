<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Settings;

use Magento\Framework\FlagManager;

/**
 * The last mapping the sidecar proposed (POST /api/v1/shop/settings/proposal), kept in Magento's flag table
 * until the configuration page has shown it once: its values in the fields (not saved until the admin presses
 * Save Config) and its reasons above them.
 */
class ProposalStore
{
    public const FLAG = 'exact_sidecar_settings_proposal';

    /** @var FlagManager */
    private $flags;

    /**
     * @param FlagManager $flags
     */
    public function __construct(FlagManager $flags)
    {
        $this->flags = $flags;
    }

    /**
     * @param array<string, mixed> $proposal {"settings", "proposed", "missing"}
     * @return void
     */
    public function keep(array $proposal): void
    {
        $this->flags->saveFlag(self::FLAG, $proposal);
    }

    /**
     * The kept proposal, removed so the next page view shows the sidecar's document again; null when none.
     *
     * @return array<string, mixed>|null
     */
    public function take(): ?array
    {
        $data = $this->flags->getFlagData(self::FLAG);
        if (!is_array($data) || !is_array($data['settings'] ?? null)) {
            return null;
        }
        $this->flags->deleteFlag(self::FLAG);
        return $data;
    }
}
