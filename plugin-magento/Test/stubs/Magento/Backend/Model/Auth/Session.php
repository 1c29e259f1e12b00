<?php

declare(strict_types=1);

namespace Magento\Backend\Model\Auth;

use Magento\Framework\DataObject;

/**
 * Stand-in for app/code/Magento/Backend/Model/Auth/Session.php (only getUser; the user is a
 * Magento\User\Model\User, a DataObject with getId()).
 */
class Session
{
    /** @var DataObject|null */
    private $user;

    /**
     * @param DataObject|null $user
     */
    public function __construct(?DataObject $user = null)
    {
        $this->user = $user;
    }

    /**
     * @return DataObject|null
     */
    public function getUser()
    {
        return $this->user;
    }
}
