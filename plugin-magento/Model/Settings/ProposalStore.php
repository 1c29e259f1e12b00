<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Settings;

use ExactSidecar\Connector\Model\Admin\AdminUserInterface;
use Magento\Framework\FlagManager;

/**
 * The last mapping the sidecar proposed (POST /api/v1/shop/settings/proposal), kept in Magento's flag table
 * until the configuration page has shown it once: its values in the fields (not saved until the admin presses
 * Save Config) and its reasons above them.
 *
 * Kept per admin user (flag `exact_sidecar_settings_proposal_<user id>`): another admin opening the page sees
 * the sidecar's document, not someone else's unsaved proposal. Without a signed-in admin nothing is kept.
 */
class ProposalStore
{
    public const FLAG = 'exact_sidecar_settings_proposal';

    /** @var FlagManager */
    private $flags;

    /** @var AdminUserInterface */
    private $adminUser;

    /**
     * @param FlagManager $flags
     * @param AdminUserInterface $adminUser
     */
    public function __construct(FlagManager $flags, AdminUserInterface $adminUser)
    {
        $this->flags = $flags;
        $this->adminUser = $adminUser;
    }

    /**
     * @param array<string, mixed> $proposal {"settings", "proposed", "missing"}
     * @return void
     */
    public function keep(array $proposal): void
    {
        $flag = $this->flag();
        if ($flag !== null) {
            $this->flags->saveFlag($flag, $proposal);
        }
    }

    /**
     * This admin's kept proposal, removed so the next page view shows the sidecar's document again; null when
     * none.
     *
     * @return array<string, mixed>|null
     */
    public function take(): ?array
    {
        $flag = $this->flag();
        if ($flag === null) {
            return null;
        }
        $data = $this->flags->getFlagData($flag);
        if (!is_array($data) || !is_array($data['settings'] ?? null)) {
            return null;
        }
        $this->flags->deleteFlag($flag);
        return $data;
    }

    /**
     * @return string|null
     */
    private function flag(): ?string
    {
        $id = $this->adminUser->getUserId();
        return $id === null ? null : self::FLAG . '_' . $id;
    }
}
