set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;
