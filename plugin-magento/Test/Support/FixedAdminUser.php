<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use ExactSidecar\Connector\Model\Admin\AdminUserInterface;

/**
 * The signed-in admin of a test; change $id to switch admins.
 */
class FixedAdminUser implements AdminUserInterface
{
    /** @var int|null */
    public $id;

    /**
     * @param int|null $id
     */
    public function __construct(?int $id = 1)
    {
        $this->id = $id;
    }

    /**
     * @inheritDoc
     */
    public function getUserId(): ?int
    {
        return $this->id;
    }
}
