<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Settings;

use Magento\Framework\FlagManager;

/**
 * Whether the last save of the configuration page reached the sidecar, and the field errors it answered.
 * Kept in Magento's flag table until a save succeeds: while a save is pending the page shows the values kept
 * in Magento (what was typed) instead of the sidecar's document, with each error next to its field.
 */
class PushState
{
    public const FLAG = 'exact_sidecar_settings_push';

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
     * @param array<string, string[]> $fieldErrors configuration path => problems
     * @return void
     */
    public function failed(array $fieldErrors): void
    {
        $this->flags->saveFlag(self::FLAG, ['pending' => true, 'fields' => $fieldErrors]);
    }

    /**
     * @return void
     */
    public function succeeded(): void
    {
        $this->flags->deleteFlag(self::FLAG);
    }

    /**
     * @return bool
     */
    public function isPending(): bool
    {
        $data = $this->flags->getFlagData(self::FLAG);
        return is_array($data) && !empty($data['pending']);
    }

    /**
     * @param string $path configuration path of a field
     * @return string[]
     */
    public function errorsFor(string $path): array
    {
        $data = $this->flags->getFlagData(self::FLAG);
        $fields = is_array($data) && is_array($data['fields'] ?? null) ? $data['fields'] : [];
        return array_values(array_map('strval', (array) ($fields[$path] ?? [])));
    }
}
